import { TopicObserver, as, http, startService, type RunningService } from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { AppModule, SLA_TIMER_DESCRIPTION } from '../src/app.module';
import { Script } from './support';

const OPS = as({ role: 'ops', subject: 'ops-1' });
const TOWN_SUPERVISOR = as({ role: 'supervisor', subject: 'sup-town', centerId: 'shangqin-town' });
const DISTRICT = {
  id: 'ganzhou-district',
  name: 'Ganzhou',
  tier: 'district' as const,
  path: ['ganzhou-district'],
};

/**
 * Escalation policies as data (issue 20 item 2) on real PostgreSQL and Kafka: a level with nobody
 * to chase is skipped at once; a policy edited after a whistle started leaves its ladder alone;
 * the PUT is validated field by field, scoped to the supervisor's centers and audited.
 */
describe('sla-timer: escalation policies', () => {
  let sla: RunningService;
  let observer: TopicObserver;
  const script = new Script(() => sla);
  const query = (sql: string, params: unknown[] = []) => sla.app.get(DataSource).query(sql, params);
  const put = (body: unknown, who = OPS) => http(sla.baseUrl, 'PUT', '/escalation-policies', body, who);
  const raised = (summonsId: string, level: number) =>
    observer.waitForMessage(
      `EscalationRaised level ${level}`,
      (m) =>
        m.json?.type === 'EscalationRaised' &&
        m.json.payload.summonsId === summonsId &&
        m.json.payload.level === level,
      { timeoutMs: 20000 },
    );

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
  });

  afterAll(async () => {
    await observer?.stop();
    await script.stop();
    await sla?.close();
  });

  it('an escalation skips an empty level: nobody above the district, so the next comes without its delay', async () => {
    const set = await put({
      disputeType: 'housing_site',
      policy: {
        warningSeconds: 1,
        levels: [
          { delaySeconds: 0, target: 'department_head' },
          { delaySeconds: 600, target: 'center_up' },
          { delaySeconds: 1, target: 'center_supervisors' },
        ],
        repeat: 0,
      },
    });
    expect(set.status).toBe(200);
    const caseId = await script.registerCase(DISTRICT);
    const { summons } = await script.blow(
      caseId,
      1000,
      ['ganzhou-traffic-police'],
      undefined,
      'housing_site',
    );
    const first = await raised(summons[0].summonsId, 1);
    // Level 2 (one tier up from the district: nobody) would wait 600 s; level 3 comes 1 s after level 1.
    const third = await raised(summons[0].summonsId, 3);
    expect(third.json.payload.target).toEqual({ kind: 'center', id: 'ganzhou-district' });
    const gap = Date.parse(third.json.payload.raisedAt) - Date.parse(first.json.payload.raisedAt);
    expect(gap).toBeLessThan(60_000);
    expect(
      await query('SELECT level, target_id FROM escalations WHERE summons_id = $1 ORDER BY level', [
        summons[0].summonsId,
      ]),
    ).toEqual([
      { level: 1, target_id: 'ganzhou-traffic-police' },
      { level: 3, target_id: 'ganzhou-district' },
    ]);
  });

  it('a level chasing the on-duty liaisons again is EscalationRaised version 2; the usual targets stay version 1', async () => {
    const set = await put({
      disputeType: 'consumer',
      policy: {
        warningSeconds: 1,
        levels: [
          { delaySeconds: 0, target: 'department_head' },
          { delaySeconds: 1, target: 'on_duty_liaison' },
        ],
        repeat: 0,
      },
    });
    expect(set.status).toBe(200);
    const caseId = await script.registerCase();
    const { summons } = await script.blow(caseId, 1000, ['ganzhou-traffic-police'], undefined, 'consumer');
    const head = await raised(summons[0].summonsId, 1);
    const liaisons = await raised(summons[0].summonsId, 2);
    expect([head.json.version, head.json.payload.target.kind]).toEqual([1, 'department_head']);
    expect([liaisons.json.version, liaisons.json.payload.target]).toEqual([
      2,
      { kind: 'on_duty_liaison', id: 'ganzhou-traffic-police' },
    ]);
  });

  it('a policy edited after a whistle started leaves that whistle on the policy it started with', async () => {
    const policyOf = (target: string) => ({
      disputeType: 'neighbour',
      centerId: 'anlizha-village',
      policy: { warningSeconds: 1, levels: [{ delaySeconds: 0, target }], repeat: 0 },
    });
    expect((await put(policyOf('center_supervisors'))).status).toBe(200);
    const caseId = await script.registerCase();
    const { summons } = await script.blow(caseId, 1500, ['ganzhou-traffic-police'], undefined, 'neighbour');
    await script.handled();
    expect((await put(policyOf('department_head'))).status).toBe(200);
    const level1 = await raised(summons[0].summonsId, 1);
    expect(level1.json.payload.target).toEqual({ kind: 'center', id: 'anlizha-village' });
    const [row] = await query('SELECT policy FROM summons_sla WHERE summons_id = $1', [summons[0].summonsId]);
    expect(row.policy.levels).toEqual([{ delaySeconds: 0, target: 'center_supervisors' }]);
  });

  it('a bad policy is a 400 naming its field, and nothing is stored', async () => {
    const good = { warningSeconds: 60, levels: [{ delaySeconds: 0, target: 'department_head' }], repeat: 0 };
    const cases: Array<[unknown, string]> = [
      [{ ...good, levels: [] }, 'policy.levels'],
      [
        { ...good, levels: [{ delaySeconds: -5, target: 'department_head' }] },
        'policy.levels[0].delaySeconds',
      ],
      [{ ...good, levels: [{ delaySeconds: 0, target: 'the_mayor' }] }, 'policy.levels[0].target'],
      [{ ...good, repeat: 11 }, 'policy.repeat'],
    ];
    for (const [policy, field] of cases) {
      const res = await put({ disputeType: 'labour', policy });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain(field);
    }
    const unknownType = await put({ disputeType: 'alien_abduction', policy: good });
    expect(unknownType.status).toBe(400);
    expect(JSON.stringify(unknownType.body)).toContain('disputeType');
    expect(await query(`SELECT 1 FROM escalation_policies WHERE dispute_type = 'labour'`)).toEqual([]);
  });

  it('a summons stored with a v1 snapshot (before policies were data) climbs that ladder', async () => {
    const caseId = await script.registerCase();
    const { summons } = await script.blow(caseId, 3000);
    await script.handled();
    // As a row written before the upgrade: three levels, where the settings' default has two.
    await query('UPDATE summons_sla SET policy = $2 WHERE summons_id = $1', [
      summons[0].summonsId,
      JSON.stringify({ warningSeconds: 2, escalationSeconds: 1, levels: 3 }),
    ]);
    const third = await raised(summons[0].summonsId, 3);
    expect(third.json.payload.target).toEqual({ kind: 'center', id: 'ganzhou-district' });
  });

  it('a supervisor sets their center and those below; above or network-wide is a 404; every change is audited', async () => {
    await script.registerCase();
    await script.handled();
    const policy = {
      warningSeconds: 60,
      levels: [{ delaySeconds: 0, target: 'department_head' }],
      repeat: 2,
    };
    const below = await put({ centerId: 'anlizha-village', policy }, TOWN_SUPERVISOR);
    expect(below.status).toBe(200);
    expect(below.body).toMatchObject({
      centerId: 'anlizha-village',
      disputeType: null,
      updatedBy: 'sup-town',
    });
    expect((await put({ centerId: 'ganzhou-district', policy }, TOWN_SUPERVISOR)).status).toBe(404);
    expect((await put({ policy }, TOWN_SUPERVISOR)).status).toBe(404);
    expect((await put({ policy }, as({ role: 'operator', subject: 'op-1' }))).status).toBe(403);
    const audit = await query(
      `SELECT actor_id, entity_id, details FROM audit_log WHERE action = 'EscalationPolicyChanged' AND actor_id = 'sup-town'`,
    );
    expect(audit).toEqual([
      {
        actor_id: 'sup-town',
        entity_id: 'anlizha-village|*',
        details: { policy: { version: 2, ...policy }, previousPolicy: null },
      },
    ]);
    expect((await put({ centerId: 'far-away-town', policy })).status).toBe(200);
    const listed = await http(sla.baseUrl, 'GET', '/escalation-policies', undefined, TOWN_SUPERVISOR);
    const scopes = (listed.body.items as Array<{ centerId: string | null; disputeType: string | null }>).map(
      (p) => `${p.centerId}|${p.disputeType}`,
    );
    // The network-wide housing_site policy and the village's; not a town's outside their reach.
    expect(scopes).toEqual(expect.arrayContaining(['null|housing_site', 'anlizha-village|null']));
    expect(scopes).not.toContain('far-away-town|null');
  });
});
