import { TopicObserver, as, http, startService, type RunningService } from '@chuishao/testing';
import { uuidv7 } from '@chuishao/kernel';
import { DataSource } from 'typeorm';
import { AppModule, SLA_TIMER_DESCRIPTION } from '../src/app.module';
import { Script } from './support';

const OPS = as({ role: 'ops', subject: 'ops-1' });
const TOWN_SUPERVISOR = { role: 'supervisor' as const, subject: 'sup-town', centerId: 'shangqin-town' };
const OTHER_SUPERVISOR = as({ role: 'supervisor', subject: 'sup-other', centerId: 'other-town' });

/**
 * A supervisor escalates by hand (issue 20 item 2) on real PostgreSQL and Kafka: the chosen level
 * now, once per Idempotency-Key, only above the current one of a breached summons in their reach.
 */
describe('sla-timer: escalation by hand', () => {
  let sla: RunningService;
  let observer: TopicObserver;
  const script = new Script(() => sla);
  const query = (sql: string, params: unknown[] = []) => sla.app.get(DataSource).query(sql, params);
  const escalate = (
    summonsId: string,
    body: unknown,
    headers: Record<string, string> = as(TOWN_SUPERVISOR),
  ) => http(sla.baseUrl, 'POST', `/summons/${summonsId}/escalate`, body, headers);
  const offered = (summonsId: string, headers: Record<string, string> = as(TOWN_SUPERVISOR)) =>
    http(sla.baseUrl, 'GET', `/summons/${summonsId}/escalation-levels`, undefined, headers);

  beforeAll(async () => {
    sla = await startService(
      'sla-timer',
      (config) =>
        AppModule.forRoot(config, {
          settings: {
            defaultPolicy: { warningSeconds: 2, escalationSeconds: 2, levels: 2 },
            timers: { pollCapMs: 1000, sweepIntervalMs: 1000, batchSize: 100, enabled: true },
          },
        }),
      SLA_TIMER_DESCRIPTION,
    );
    observer = await new TopicObserver(process.env.KAFKA_BROKERS!, [sla.topic('sla')]).start();
    const put = await http(
      sla.baseUrl,
      'PUT',
      '/escalation-policies',
      {
        disputeType: 'pollution',
        policy: {
          warningSeconds: 1,
          levels: [
            { delaySeconds: 0, target: 'department_head' },
            { delaySeconds: 600, target: 'center_up' },
            { delaySeconds: 600, target: 'center_supervisors' },
          ],
          repeat: 0,
        },
      },
      OPS,
    );
    expect(put.status).toBe(200);
  });

  afterAll(async () => {
    await observer?.stop();
    await script.stop();
    await sla?.close();
  });

  it('raises the chosen level now, once per Idempotency-Key, and ends the ladder at its last level', async () => {
    const caseId = await script.registerCase();
    const { summons } = await script.blow(caseId, 500, ['ganzhou-traffic-police'], undefined, 'pollution');
    const summonsId = summons[0].summonsId;
    await observer.waitForMessage(
      'level 1 with the breach',
      (m) => m.json?.type === 'EscalationRaised' && m.json.payload.summonsId === summonsId,
      { timeoutMs: 20000 },
    );
    expect((await offered(summonsId)).body).toEqual({
      summonsId,
      state: 'breached',
      escalationLevel: 1,
      levels: [
        { level: 2, target: { kind: 'center', id: 'shangqin-town' } },
        { level: 3, target: { kind: 'center', id: 'anlizha-village' } },
      ],
    });
    expect((await offered(summonsId, OTHER_SUPERVISOR)).status).toBe(404);
    const notAbove = await escalate(summonsId, { level: 1 });
    expect([notAbove.status, notAbove.body.code]).toEqual([409, 'ESCALATION_LEVEL_NOT_ABOVE']);
    expect((await escalate(summonsId, { level: 3 }, OTHER_SUPERVISOR)).status).toBe(404);
    const badLevel = await escalate(summonsId, { level: 0 });
    expect(badLevel.status).toBe(400);
    expect(JSON.stringify(badLevel.body)).toContain('level');

    const key = uuidv7();
    const headers = { ...as(TOWN_SUPERVISOR), 'idempotency-key': key };
    const first = await escalate(summonsId, { level: 3, note: 'the crowd is growing' }, headers);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      level: 3,
      fromLevel: 1,
      target: { kind: 'center', id: 'anlizha-village' },
      nextLevel: null,
    });
    const replay = await escalate(summonsId, { level: 3, note: 'the crowd is growing' }, headers);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(first.body);
    expect((await offered(summonsId)).body).toMatchObject({ escalationLevel: 3, levels: [] });

    const raised = await observer.waitForMessage(
      'level 3 by hand',
      (m) =>
        m.json?.type === 'EscalationRaised' &&
        m.json.payload.summonsId === summonsId &&
        m.json.payload.level === 3,
      { timeoutMs: 20000 },
    );
    expect(raised.json.actor).toMatchObject({ role: 'supervisor', id: 'sup-town' });
    expect(
      await query('SELECT level FROM escalations WHERE summons_id = $1 ORDER BY level', [summonsId]),
    ).toEqual([{ level: 1 }, { level: 3 }]);
    // The ladder's pending level 2 will not come: the last level was raised by hand.
    expect(
      await query(`SELECT state FROM timers WHERE subject = $1 AND kind = 'sla.escalation'`, [summonsId]),
    ).toEqual([{ state: 'cancelled' }]);
    expect(
      await query(
        `SELECT details FROM audit_log WHERE action = 'EscalationRaisedByHand' AND actor_id = 'sup-town'`,
      ),
    ).toEqual([{ details: { summonsId, level: 3, fromLevel: 1, note: 'the crowd is growing' } }]);
  });

  it('a summons still running is a 409; an unknown one a 404', async () => {
    const caseId = await script.registerCase();
    const { summons } = await script.blow(
      caseId,
      600_000,
      ['ganzhou-traffic-police'],
      undefined,
      'pollution',
    );
    await script.handled();
    const running = await escalate(summons[0].summonsId, { level: 2 });
    expect([running.status, running.body.code]).toEqual([409, 'SUMMONS_NOT_BREACHED']);
    expect((await offered(summons[0].summonsId)).body).toMatchObject({ state: 'running', levels: [] });
    expect((await escalate(uuidv7(), { level: 2 })).status).toBe(404);
    expect((await offered(uuidv7())).status).toBe(404);
    expect((await offered('not-a-uuid')).status).toBe(400);
  });
});
