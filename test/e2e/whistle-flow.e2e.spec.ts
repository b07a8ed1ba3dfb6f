import { TopicObserver, http, waitFor } from '@chuishao/testing';
import { ANLIZHA_CASE, ok } from './api';
import { startSystem, type RunningSystem } from './system';

interface Summons {
  id: string;
  departmentId: string;
  status: string;
}

describe('the whistle flow, end to end (intake, dispatch, department as processes on real Kafka and PostgreSQL)', () => {
  let system: RunningSystem;
  let observer: TopicObserver;

  beforeAll(async () => {
    system = await startSystem();
    observer = await new TopicObserver(
      process.env.KAFKA_BROKERS!,
      ['cases', 'whistles', 'department-responses'].map((t) => system.topic(t)),
    ).start();
  });

  afterAll(async () => {
    await observer?.stop();
    await system?.stop();
  });

  async function registerAndWhistle(body: Record<string, unknown> = {}) {
    const registered = await ok(system.urls.intake, 'POST', '/cases', ANLIZHA_CASE, {
      'x-actor-id': 'clerk-ganzhou-1',
    });
    await waitFor(
      'dispatch to learn of the case',
      async () =>
        (await http(system.urls.dispatch, 'GET', `/cases/${registered.id}/whistles`)).status === 200,
    );
    const whistle = await ok(system.urls.dispatch, 'POST', `/cases/${registered.id}/whistles`, body, {
      'x-actor-id': 'operator-ganzhou-1',
      'idempotency-key': `whistle-${registered.id}`,
    });
    return { registered, whistle };
  }

  async function summonsInInbox(departmentId: string, summonsId: string): Promise<Summons> {
    return waitFor(`summons ${summonsId} in ${departmentId}'s inbox`, async () => {
      const { body } = await http(system.urls.department, 'GET', `/departments/${departmentId}/summons`);
      return (body.items as Summons[] | undefined)?.find((s) => s.id === summonsId);
    });
  }

  it('the Anlizha reference case: registered, whistled, three departments report on site, the case reads on_site', async () => {
    const { registered, whistle } = await registerAndWhistle({
      reason: 'Family petition at the district center',
    });
    expect(registered.status).toBe('registered');
    expect(whistle.summons.map((s: Summons) => s.departmentId)).toEqual([
      'ganzhou-traffic-police',
      'shangqin-judicial-office',
      'shangqin-town-government',
    ]);
    await waitFor(
      'case to read whistled',
      async () =>
        (await http(system.urls.intake, 'GET', `/cases/${registered.id}`)).body.status === 'whistled',
    );

    for (const summons of whistle.summons as Summons[]) {
      const inbox = await summonsInInbox(summons.departmentId, summons.id);
      expect(inbox.status).toBe('notified');
      await ok(
        system.urls.department,
        'POST',
        `/summons/${summons.id}/acknowledge`,
        {},
        { 'x-actor-id': `liaison-${summons.departmentId}` },
      );
      await ok(
        system.urls.department,
        'POST',
        `/summons/${summons.id}/arrive`,
        { note: 'on site at the town center' },
        {
          'x-actor-id': `liaison-${summons.departmentId}`,
          'idempotency-key': `arrive-${summons.id}`,
        },
      );
    }

    const completed = await waitFor('whistle to complete', async () => {
      const { body } = await http(system.urls.dispatch, 'GET', `/whistles/${whistle.id}`);
      return body.status === 'completed' ? body : undefined;
    });
    expect(completed.summons.every((s: Summons) => s.status === 'arrived')).toBe(true);
    await waitFor(
      'case to read on_site',
      async () =>
        (await http(system.urls.intake, 'GET', `/cases/${registered.id}`)).body.status === 'on_site',
    );

    // The same story, told by the events on the topics, keyed by the case, in causal order.
    await observer.waitForMessage(
      'WhistleCompleted',
      (m) => m.json?.type === 'WhistleCompleted' && m.json.caseId === registered.id,
    );
    const story = observer.messages.filter((m) => m.key === registered.id).map((m) => m.json);
    const types = story.map((e) => e.type);
    expect(types.filter((t) => t === 'CaseRegistered')).toHaveLength(1);
    expect(types.filter((t) => t === 'WhistleBlown')).toHaveLength(1);
    expect(types.filter((t) => t === 'SummonsAcknowledged')).toHaveLength(3);
    expect(types.filter((t) => t === 'DepartmentArrived')).toHaveLength(3);
    expect(types.filter((t) => t === 'WhistleCompleted')).toHaveLength(1);
    const byType = (t: string) => story.find((e) => e.type === t);
    expect(byType('WhistleBlown').actor).toEqual({ role: 'operator', id: 'operator-ganzhou-1' });
    expect(byType('DepartmentArrived').actor.role).toBe('liaison');
    expect(byType('WhistleCompleted').causationId).toBe(
      story.filter((e) => e.type === 'DepartmentArrived').at(-1)?.id ?? expect.any(String),
    );
    expect(JSON.stringify(story)).not.toMatch(
      /620702196805051234|13909361234|620702199002021111|13519361111/,
    );
  });

  it('a department declines, the operator reassigns, the replacement arrives, the whistle completes', async () => {
    const { registered, whistle } = await registerAndWhistle();
    const [traffic, judicial, town] = whistle.summons as Summons[];
    await summonsInInbox(town.departmentId, town.id);
    const missingReason = await http(system.urls.department, 'POST', `/summons/${town.id}/decline`, {});
    expect(missingReason.status).toBe(400);
    await ok(system.urls.department, 'POST', `/summons/${town.id}/decline`, {
      reason: 'no staff on duty tonight',
    });
    const lateArrival = await http(system.urls.department, 'POST', `/summons/${town.id}/arrive`, {});
    expect(lateArrival.status).toBe(409);

    await waitFor('dispatch to record the decline', async () => {
      const { body } = await http(system.urls.dispatch, 'GET', `/whistles/${whistle.id}`);
      return body.summons.find((s: Summons) => s.id === town.id)?.status === 'declined';
    });
    const reassigned = await ok(system.urls.dispatch, 'POST', `/whistles/${whistle.id}/reassign`, {
      fromDepartmentId: town.departmentId,
      toDepartmentId: 'shangqin-police-station',
      reason: 'town government declined: no staff on duty',
    });
    const replacement = (reassigned.summons as Summons[]).find(
      (s) => s.departmentId === 'shangqin-police-station',
    )!;

    for (const s of [traffic, judicial]) {
      await summonsInInbox(s.departmentId, s.id);
      await ok(system.urls.department, 'POST', `/summons/${s.id}/arrive`, {});
    }
    await summonsInInbox('shangqin-police-station', replacement.id);
    await ok(system.urls.department, 'POST', `/summons/${replacement.id}/arrive`, {});

    await waitFor('whistle to complete after the reassignment', async () => {
      const { body } = await http(system.urls.dispatch, 'GET', `/whistles/${whistle.id}`);
      return body.status === 'completed';
    });
    await waitFor(
      'case to read on_site',
      async () =>
        (await http(system.urls.intake, 'GET', `/cases/${registered.id}`)).body.status === 'on_site',
    );
  });
});
