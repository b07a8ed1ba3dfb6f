import { TopicObserver, as, http, waitFor } from '@chuishao/testing';
import { ANLIZHA_CASE, clerk, liaisonOf, ok, operator, type Summons } from './api';
import { startSystem, type RunningSystem } from './system';

const supervisor = as({ role: 'supervisor', subject: 'supervisor-shangqin-1' });

/**
 * The promise of the system, across real processes: a department that is not on site in time is
 * known at once, up the ladder, and a supervisor takes it in charge. Second-scale SLA: arrival
 * due 8 s after the whistle, warning 4 s before, level 2 of the ladder 3 s after the deadline.
 */
describe('a missed arrival, end to end (intake, dispatch, department, sla-timer as processes)', () => {
  let system: RunningSystem;
  let observer: TopicObserver;

  beforeAll(async () => {
    system = await startSystem({
      env: { SLA_ARRIVAL_SECONDS: '8', SLA_WARNING_SECONDS: '4', SLA_ESCALATION_SECONDS: '3' },
    });
    observer = await new TopicObserver(process.env.KAFKA_BROKERS!, [
      system.topic('sla'),
      system.topic('whistles'),
    ]).start();
  });

  afterAll(async () => {
    await observer?.stop();
    await system?.stop();
  });

  it('two departments arrive, the third is warned, breached, escalated twice, taken in charge, and arrives late', async () => {
    const registered = await ok(system.urls.intake, 'POST', '/cases', ANLIZHA_CASE, clerk);
    await waitFor(
      'dispatch to learn of the case',
      async () =>
        (await http(system.urls.dispatch, 'GET', `/cases/${registered.id}/whistles`, undefined, operator))
          .status === 200,
    );
    const whistle = await ok(system.urls.dispatch, 'POST', `/cases/${registered.id}/whistles`, {}, operator);
    const [traffic, judicial, town] = whistle.summons as Summons[];

    // The SLA board knows every summons with its countdown.
    const board = await waitFor('the SLA board to show the three summons', async () => {
      const { status, body } = await http(
        system.urls['sla-timer'],
        'GET',
        `/whistles/${whistle.id}/sla`,
        undefined,
        operator,
      );
      return status === 200 && body.items.length === 3 ? body.items : undefined;
    });
    expect(board.every((s: { state: string }) => s.state === 'running')).toBe(true);

    for (const s of [traffic, judicial]) {
      await waitFor(`summons ${s.id} in the inbox`, async () => {
        const { body } = await http(
          system.urls.department,
          'GET',
          `/departments/${s.departmentId}/summons`,
          undefined,
          liaisonOf(s.departmentId),
        );
        return (body.items as Summons[] | undefined)?.some((x) => x.id === s.id);
      });
      await ok(system.urls.department, 'POST', `/summons/${s.id}/arrive`, {}, liaisonOf(s.departmentId));
    }

    const ofTown = (type: string) => (m: { json?: { type?: string; payload?: { summonsId?: string } } }) =>
      m.json?.type === type && m.json.payload?.summonsId === town.id;
    await observer.waitForMessage('the warning for the town government', ofTown('ArrivalWarningIssued'), {
      timeoutMs: 30000,
    });
    await observer.waitForMessage('the breach', ofTown('ArrivalDeadlineBreached'), { timeoutMs: 30000 });
    await observer.waitForMessage(
      'the level-2 escalation',
      (m) => ofTown('EscalationRaised')(m) && m.json.payload.level === 2,
      { timeoutMs: 30000 },
    );
    // The two on-time departments were never breached.
    for (const s of [traffic, judicial])
      expect(
        observer.messages.some(
          (m) => m.json?.type === 'ArrivalDeadlineBreached' && m.json.payload.summonsId === s.id,
        ),
      ).toBe(false);

    // A supervisor sees it among the open breaches, with both levels, and takes level 2.
    const breach = await waitFor('the open breach with two escalations', async () => {
      const { body } = await http(
        system.urls['sla-timer'],
        'GET',
        '/breaches?open=true',
        undefined,
        supervisor,
      );
      const found = body.items?.find((b: { summonsId: string }) => b.summonsId === town.id);
      return found?.escalations.length === 2 ? found : undefined;
    });
    expect(
      breach.escalations.map((e: { level: number; target: { id: string } }) => [e.level, e.target.id]),
    ).toEqual([
      [1, town.departmentId],
      [2, 'shangqin-town'], // one tier up from Anlizha village
    ]);
    const level2 = breach.escalations.find((e: { level: number }) => e.level === 2);
    const taken = await ok(
      system.urls['sla-timer'],
      'POST',
      `/escalations/${level2.id}/acknowledge`,
      { note: 'called the town head; a team is on its way' },
      { ...supervisor, 'idempotency-key': `take-${level2.id}` },
    );
    expect(taken).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'supervisor-shangqin-1' });

    // The town government arrives late: recorded with its lateness, the breach closes, the whistle completes.
    await ok(system.urls.department, 'POST', `/summons/${town.id}/arrive`, {}, liaisonOf(town.departmentId));
    const late = await observer.waitForMessage('the late arrival', ofTown('LateArrivalRecorded'), {
      timeoutMs: 30000,
    });
    expect(late.json.payload.latenessSeconds).toBeGreaterThan(0);
    await observer.waitForMessage(
      'WhistleCompleted',
      (m) => m.json?.type === 'WhistleCompleted' && m.json.payload.whistleId === whistle.id,
      { timeoutMs: 30000 },
    );
    const closed = await waitFor('the breach to be closed', async () => {
      const { body } = await http(
        system.urls['sla-timer'],
        'GET',
        '/breaches?open=false',
        undefined,
        supervisor,
      );
      return body.items?.find(
        (b: { summonsId: string; state: string }) => b.summonsId === town.id && b.state === 'late',
      );
    });
    expect(closed.latenessSeconds).toBe(late.json.payload.latenessSeconds);

    // Each step of the ladder happened once, and the case trail tells the story in order.
    const slaStory = observer.messages
      .filter(
        (m) =>
          m.topic === system.topic('sla') &&
          (m.json?.payload?.summonsId === town.id || m.json?.payload?.breachId === breach.id),
      )
      .map((m) =>
        m.json.type === 'EscalationRaised' ? `EscalationRaised/${m.json.payload.level}` : m.json.type,
      );
    expect(slaStory).toEqual([
      'ArrivalWarningIssued',
      'ArrivalDeadlineBreached',
      'EscalationRaised/1',
      'EscalationRaised/2',
      'EscalationAcknowledged',
      'LateArrivalRecorded',
    ]);
    const trail = await waitFor('the case trail to hold the SLA events', async () => {
      const { body } = await http(
        system.urls.intake,
        'GET',
        `/cases/${registered.id}/audit`,
        undefined,
        supervisor,
      );
      const types: string[] = body.items?.map((e: { type: string }) => e.type) ?? [];
      return types.includes('LateArrivalRecorded') && types.includes('WhistleCompleted') ? types : undefined;
    });
    expect(trail.indexOf('ArrivalDeadlineBreached')).toBeGreaterThan(trail.indexOf('WhistleBlown'));
    expect(trail.indexOf('LateArrivalRecorded')).toBeGreaterThan(trail.indexOf('EscalationAcknowledged'));

    // The timer lateness is on sla-timer's /metrics.
    const metrics = await (await fetch(`${system.urls['sla-timer']}/metrics`)).text();
    expect(metrics).toMatch(/chuishao_breaches_total\{[^}]*department="shangqin-town-government"[^}]*\} 1\b/);
    expect(metrics).toMatch(/chuishao_escalations_raised_total\{[^}]*level="2"[^}]*\} 1\b/);
    expect(metrics).toMatch(
      /chuishao_timer_lateness_seconds_count\{[^}]*kind="sla.arrival-deadline"[^}]*\} [1-9]/,
    );
  });
});
