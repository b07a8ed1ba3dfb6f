import { TopicObserver, as, http, startService, waitFor, type RunningService } from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { AppModule, SLA_TIMER_DESCRIPTION } from '../src/app.module';
import { Script } from './support';

const SUPERVISOR = as({ role: 'supervisor', subject: 'sup-1' });

/**
 * More hands mid-incident (issue 20 item 3) on real PostgreSQL and Kafka: an added department runs
 * on its own deadline under the whistle's policy; a stood-down one has its timers cancelled, its
 * breach (if any) withdrawn, and it is not a miss in the scorecards.
 */
describe('sla-timer: an added summons, a stood-down summons', () => {
  let sla: RunningService;
  let observer: TopicObserver;
  const script = new Script(() => sla);
  const query = (sql: string, params: unknown[] = []) => sla.app.get(DataSource).query(sql, params);
  const call = (path: string) => http(sla.baseUrl, 'GET', path, undefined, SUPERVISOR);
  const timers = async (summonsId: string) =>
    Object.fromEntries(
      (await query('SELECT kind, state FROM timers WHERE subject = $1', [summonsId])).map(
        (r: { kind: string; state: string }) => [r.kind, r.state],
      ),
    );
  const board = async (whistleId: string) =>
    ((await call(`/whistles/${whistleId}/sla`)).body.items as Array<Record<string, unknown>>).map((i) => [
      i.departmentId,
      i.state,
    ]);

  beforeAll(async () => {
    sla = await startService(
      'sla-timer',
      (config) =>
        AppModule.forRoot(config, {
          settings: {
            defaultPolicy: { warningSeconds: 2, escalationSeconds: 2, levels: 2 },
            policyOverrides: { neighbour: { levels: 3 } },
            timers: { pollCapMs: 1000, sweepIntervalMs: 1000, batchSize: 100, enabled: true },
          },
        }),
      SLA_TIMER_DESCRIPTION,
    );
    observer = await new TopicObserver(process.env.KAFKA_BROKERS!, [sla.topic('sla')]).start();
  });

  afterAll(async () => {
    await observer?.stop();
    await script.stop();
    await sla?.close();
  });

  it('an added department runs on its own deadline, under the policy the whistle started with', async () => {
    const caseId = await script.registerCase();
    const { whistleId } = await script.blow(
      caseId,
      600_000,
      ['ganzhou-traffic-police'],
      undefined,
      'neighbour',
    );
    const deadline = new Date(Date.now() + 1500);
    const added = await script.add(caseId, whistleId, 'shangqin-judicial-office', deadline);
    const breach = await observer.waitForMessage(
      "the added department's breach",
      (m) => m.json?.type === 'ArrivalDeadlineBreached' && m.json.payload.summonsId === added.summonsId,
      { timeoutMs: 20000 },
    );
    expect(breach.json.payload.arrivalDeadline).toBe(deadline.toISOString());
    const items = (await call(`/whistles/${whistleId}/sla`)).body.items as Array<Record<string, unknown>>;
    // The whistle's frozen policy (neighbour: 3 levels) carries over to the added summons.
    expect(items.find((i) => i.summonsId === added.summonsId)).toMatchObject({
      policy: { levels: [{ target: 'department_head' }, { target: 'center_up' }, { target: 'center_up' }] },
      arrivalDeadline: deadline.toISOString(),
    });
    expect(await board(whistleId)).toEqual([
      ['ganzhou-traffic-police', 'running'],
      ['shangqin-judicial-office', 'breached'],
    ]);
  });

  it('a stood-down summons has its timers cancelled, its breach withdrawn, and is not a miss', async () => {
    const caseId = await script.registerCase();
    const from = new Date(Date.now() - 1000).toISOString();
    // Departments of their own, so no other whistle in the period shares their scorecards.
    const standing = `stands-down-${caseId.slice(-6)}`;
    const breaching = `breaches-then-stands-down-${caseId.slice(-6)}`;
    const { whistleId, summons } = await script.blow(caseId, 600_000, ['ganzhou-traffic-police', standing]);
    const [, town] = summons;
    await script.handled();
    expect((await timers(town.summonsId))['sla.arrival-deadline']).toBe('armed');
    await script.standDown(caseId, whistleId, town);
    await script.handled();
    expect(Object.values(await timers(town.summonsId)).every((state) => state === 'cancelled')).toBe(true);

    // One already breached: stood down, its breach is withdrawn and no escalation follows.
    const late = await script.add(caseId, whistleId, breaching, new Date(Date.now() + 500));
    await observer.waitForMessage(
      'the breach of the department about to be stood down',
      (m) => m.json?.type === 'ArrivalDeadlineBreached' && m.json.payload.summonsId === late.summonsId,
      { timeoutMs: 20000 },
    );
    await script.standDown(caseId, whistleId, late);
    await script.handled();
    expect(await board(whistleId)).toEqual([
      ['ganzhou-traffic-police', 'running'],
      [standing, 'withdrawn'],
      [breaching, 'withdrawn'],
    ]);
    expect(await query('SELECT state FROM breaches WHERE summons_id = $1', [late.summonsId])).toEqual([
      { state: 'withdrawn' },
    ]);
    // Its level-1 escalation, raised with the breach, is withdrawn too: nobody to chase any more.
    expect(
      await query('SELECT level, state FROM escalations WHERE summons_id = $1', [late.summonsId]),
    ).toEqual([{ level: 1, state: 'withdrawn' }]);
    const to = new Date(Date.now() + 60_000).toISOString();
    const scorecards = await waitFor('the scorecards of the period', async () => {
      const answer = await call(`/scorecards/departments?from=${from}&to=${to}`);
      return answer.status === 200 && (answer.body.items as Array<{ id: string }>);
    });
    // Neither stood-down department is judged: no summons, no breach, no rate.
    const ids = scorecards.map((s) => s.id);
    expect(ids).toContain('ganzhou-traffic-police');
    expect(ids).not.toContain(standing);
    expect(ids).not.toContain(breaching);
  });
});
