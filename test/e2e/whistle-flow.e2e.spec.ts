import { TopicObserver, as, http, waitFor } from '@chuishao/testing';
import { readFileSync } from 'node:fs';
import { ANLIZHA_CASE, clerk, liaisonOf, ok, operator, type Summons } from './api';
import { leakingLogLines, PERSONAL_NUMBER } from './personal-data';
import { startSystem, type RunningSystem } from './system';

const supervisor = as({ role: 'supervisor', subject: 'supervisor-ganzhou-1' });

describe('the whistle flow, end to end (intake, dispatch, department as processes on real Kafka and PostgreSQL)', () => {
  let system: RunningSystem;
  let observer: TopicObserver;

  beforeAll(async () => {
    system = await startSystem();
    observer = await new TopicObserver(
      process.env.KAFKA_BROKERS!,
      ['cases', 'whistles', 'department-responses'].flatMap((t) => [
        system.topic(t),
        system.topic(`${t}.dlq`),
      ]),
    ).start();
  });

  afterAll(async () => {
    await observer?.stop();
    await system?.stop();
  });

  const caseStatus = async (caseId: string) =>
    (await http(system.urls.intake, 'GET', `/cases/${caseId}`, undefined, operator)).body.status;

  async function registerAndWhistle(body: Record<string, unknown> = {}) {
    const registered = await ok(system.urls.intake, 'POST', '/cases', ANLIZHA_CASE, clerk);
    await waitFor(
      'dispatch to learn of the case',
      async () =>
        (await http(system.urls.dispatch, 'GET', `/cases/${registered.id}/whistles`, undefined, operator))
          .status === 200,
    );
    const whistle = await ok(system.urls.dispatch, 'POST', `/cases/${registered.id}/whistles`, body, {
      ...operator,
      'idempotency-key': `whistle-${registered.id}`,
    });
    return { registered, whistle };
  }

  async function summonsInInbox(departmentId: string, summonsId: string): Promise<Summons> {
    return waitFor(`summons ${summonsId} in ${departmentId}'s inbox`, async () => {
      const { body } = await http(
        system.urls.department,
        'GET',
        `/departments/${departmentId}/summons`,
        undefined,
        liaisonOf(departmentId),
      );
      return (body.items as Summons[] | undefined)?.find((s) => s.id === summonsId);
    });
  }

  async function whistleStatus(whistleId: string) {
    return (await http(system.urls.dispatch, 'GET', `/whistles/${whistleId}`, undefined, operator)).body;
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
    await waitFor('case to read whistled', async () => (await caseStatus(registered.id)) === 'whistled');

    for (const summons of whistle.summons as Summons[]) {
      const inbox = await summonsInInbox(summons.departmentId, summons.id);
      expect(inbox.status).toBe('notified');
      // Another department's liaison cannot report for this one, nor learn that it exists.
      const impostor = await http(
        system.urls.department,
        'POST',
        `/summons/${summons.id}/arrive`,
        {},
        liaisonOf('daman-police-station'),
      );
      expect(impostor.status).toBe(404);
      expect(impostor.body.code).toBe('SUMMONS_NOT_FOUND');
      await ok(
        system.urls.department,
        'POST',
        `/summons/${summons.id}/acknowledge`,
        {},
        liaisonOf(summons.departmentId),
      );
      await ok(
        system.urls.department,
        'POST',
        `/summons/${summons.id}/arrive`,
        { note: 'on site at the town center' },
        {
          ...liaisonOf(summons.departmentId),
          'idempotency-key': `arrive-${summons.id}`,
        },
      );
    }

    const completed = await waitFor('whistle to complete', async () => {
      const body = await whistleStatus(whistle.id);
      return body.status === 'completed' ? body : undefined;
    });
    expect(completed.summons.every((s: Summons) => s.status === 'arrived')).toBe(true);
    await waitFor('case to read on_site', async () => (await caseStatus(registered.id)) === 'on_site');

    // The same story, told by the events on the topics, keyed by the case, in causal order.
    await observer.waitForMessage(
      'WhistleCompleted',
      (m) => m.json?.type === 'WhistleCompleted' && m.json.caseId === registered.id,
    );
    const story = observer.messages.filter((m) => m.key === registered.id).map((m) => m.json);
    const count = (type: string) => story.filter((e) => e.type === type).length;
    expect([
      count('CaseRegistered'),
      count('WhistleBlown'),
      count('SummonsAcknowledged'),
      count('DepartmentArrived'),
      count('WhistleCompleted'),
    ]).toEqual([1, 1, 3, 3, 1]);
    const first = (type: string) => story.find((e) => e.type === type);
    expect(first('CaseRegistered').actor).toEqual({ role: 'clerk', id: 'clerk-anlizha-1' });
    expect(first('WhistleBlown').actor).toEqual({ role: 'operator', id: 'operator-ganzhou-1' });
    expect(first('DepartmentArrived').actor.role).toBe('liaison');
    const arrivals = story.filter((e) => e.type === 'DepartmentArrived').map((e) => e.id);
    expect(arrivals).toContain(first('WhistleCompleted').causationId);

    // The whole trail of the case across the three services, for a supervisor.
    const trail = await waitFor('the case trail to hold every event', async () => {
      const { status, body } = await http(
        system.urls.intake,
        'GET',
        `/cases/${registered.id}/audit`,
        undefined,
        supervisor,
      );
      return status === 200 && body.items.length >= 9 ? body.items : undefined;
    });
    expect(trail.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['CaseRegistered', 'WhistleBlown', 'DepartmentArrived', 'WhistleCompleted']),
    );
    expect(
      (await http(system.urls.intake, 'GET', `/cases/${registered.id}/audit`, undefined, operator)).status,
    ).toBe(403);
  });

  it('a department declines, the operator reassigns, the replacement arrives, the whistle completes', async () => {
    const { registered, whistle } = await registerAndWhistle();
    const [traffic, judicial, town] = whistle.summons as Summons[];
    await summonsInInbox(town.departmentId, town.id);
    const townLiaison = liaisonOf(town.departmentId);
    const missingReason = await http(
      system.urls.department,
      'POST',
      `/summons/${town.id}/decline`,
      {},
      townLiaison,
    );
    expect(missingReason.status).toBe(400);
    await ok(
      system.urls.department,
      'POST',
      `/summons/${town.id}/decline`,
      { reason: 'no staff on duty tonight' },
      townLiaison,
    );
    const lateArrival = await http(
      system.urls.department,
      'POST',
      `/summons/${town.id}/arrive`,
      {},
      townLiaison,
    );
    expect(lateArrival.status).toBe(409);

    await waitFor('dispatch to record the decline', async () => {
      const body = await whistleStatus(whistle.id);
      return body.summons.find((s: Summons) => s.id === town.id)?.status === 'declined';
    });
    const reassigned = await ok(
      system.urls.dispatch,
      'POST',
      `/whistles/${whistle.id}/reassign`,
      {
        fromDepartmentId: town.departmentId,
        toDepartmentId: 'shangqin-police-station',
        reason: 'town government declined: no staff on duty',
      },
      operator,
    );
    const replacement = (reassigned.summons as Summons[]).find(
      (s) => s.departmentId === 'shangqin-police-station',
    )!;

    for (const s of [traffic, judicial, replacement]) {
      await summonsInInbox(s.departmentId, s.id);
      await ok(system.urls.department, 'POST', `/summons/${s.id}/arrive`, {}, liaisonOf(s.departmentId));
    }
    await waitFor(
      'whistle to complete after the reassignment',
      async () => (await whistleStatus(whistle.id)).status === 'completed',
    );
    await waitFor('case to read on_site', async () => (await caseStatus(registered.id)) === 'on_site');
  });

  it('carries the W3C trace of a request through Kafka: the last arrival and the WhistleCompleted it causes share a trace', async () => {
    const { whistle } = await registerAndWhistle();
    const summons = whistle.summons as Summons[];
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    for (const [index, s] of summons.entries()) {
      await summonsInInbox(s.departmentId, s.id);
      const last = index === summons.length - 1;
      const response = await http(
        system.urls.department,
        'POST',
        `/summons/${s.id}/arrive`,
        {},
        {
          ...liaisonOf(s.departmentId),
          ...(last ? { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } : {}),
        },
      );
      expect(response.status).toBe(200);
      if (last) expect(response.headers.get('x-trace-id')).toBe(traceId);
    }
    const arrived = await observer.waitForMessage(
      'the last DepartmentArrived',
      (m) =>
        m.json?.type === 'DepartmentArrived' && m.json.payload.summonsId === summons[summons.length - 1].id,
    );
    expect(arrived.headers.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    const completed = await observer.waitForMessage(
      'WhistleCompleted',
      (m) => m.json?.type === 'WhistleCompleted' && m.json.payload.whistleId === whistle.id,
    );
    // dispatch consumed the arrival in its trace and emitted the completion in it, as a new span.
    expect(completed.headers.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(completed.headers.traceparent).not.toBe(arrived.headers.traceparent);
  });

  it('counts what flowed on /metrics: events published by intake, consumed by dispatch, HTTP latency', async () => {
    const scrape = async (url: string) => (await fetch(`${url}/metrics`)).text();
    expect(await scrape(system.urls.intake)).toMatch(
      /chuishao_events_published_total\{[^}]*type="CaseRegistered"[^}]*\} [1-9]/,
    );
    expect(await scrape(system.urls.dispatch)).toMatch(
      /chuishao_events_consumed_total\{[^}]*type="DepartmentArrived"[^}]*outcome="handled"[^}]*\} [1-9]/,
    );
    expect(await scrape(system.urls.department)).toMatch(
      /http_request_duration_seconds_count\{[^}]*route="\/summons\/:id\/arrive"/,
    );
    const dispatchMetrics = await scrape(system.urls.dispatch);
    expect(dispatchMetrics).toMatch(
      /chuishao_consumer_lag\{[^}]*topic="[^"]*department-responses"[^}]*\} \d+/,
    );
    expect(dispatchMetrics).toMatch(/chuishao_outbox_oldest_age_seconds\{[^}]*\} [\d.]+/);
    const ready = await http(system.urls.dispatch, 'GET', '/health/ready');
    expect(ready.body.checks).toMatchObject({
      database: { ok: true },
      kafka: { ok: true },
      outbox: { ok: true },
    });
  });

  it('leaves no full ID number or phone in any event on any topic, nor in any service log line, of the whole run', async () => {
    // The parties' numbers went in at registration (ANLIZHA_CASE) in every case above.
    expect(observer.messages.length).toBeGreaterThan(10);
    const leakingMessages = observer.messages.filter(
      (m) => PERSONAL_NUMBER.test(m.value ?? '') || PERSONAL_NUMBER.test(JSON.stringify(m.headers)),
    );
    expect(leakingMessages.map((m) => `${m.topic}: ${m.value}`)).toEqual([]);
    for (const file of Object.values(system.logFiles)) {
      // The scan read what the service wrote (a quiet start writes few lines, but always these).
      const lines = readFileSync(file, 'utf8').split('\n');
      expect(lines.some((line) => line.includes('"msg":"service listening"'))).toBe(true);
    }
    const leaks = leakingLogLines(system.logFiles);
    expect(leaks).toEqual(Object.fromEntries(Object.keys(system.logFiles).map((s) => [s, []])));
  });
});
