import { randomUUID } from 'node:crypto';
import { CLERK, Recorder, call, is2xx, liaison } from './client';
import { LOGICAL_TOPICS, drained, reconcile } from './reconcile';
import { reconcileContext, underLoad, type ScenarioRow, type SuiteContext } from './scenario';
import { waitUntil, type ServiceName } from './system';
import { groupsSubscribed, kafkaClient, readTopics, withAdmin } from './topics';

export interface Scenario {
  name: string;
  run: (ctx: SuiteContext) => Promise<ScenarioRow>;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** kill -9 the broker, keep the HTTP load going for a while, start it again on the same data. */
export const brokerKill: Scenario = {
  name: 'kill -9 the Kafka broker',
  run: (ctx) =>
    underLoad(ctx, 'kill -9 the Kafka broker', async (load) => {
      const from = Date.now();
      await ctx.infra.killBroker();
      ctx.log('  broker killed; load continues');
      await pause(8000);
      const outageEnd = Date.now();
      await ctx.infra.startBroker();
      const to = Date.now();
      ctx.log(`  broker back after ${((to - from) / 1000).toFixed(1)} s`);
      // During the outage the API keeps accepting: the events wait in the outboxes.
      const creates = load.recorder.between(from, outageEnd).filter((e) => e.op === 'create case');
      const problems: string[] = [];
      if (!creates.some(is2xx)) problems.push('no case was accepted while the broker was down');
      const refused = creates.filter((e) => !is2xx(e));
      if (refused.length > 0)
        problems.push(
          `${refused.length} case registrations refused during the outage (e.g. ${refused[0].status})`,
        );
      return { from, to, problems };
    }),
};

/** kill -9 one service mid-batch (every instance of it), then start it again. */
export function serviceKill(service: ServiceName): Scenario {
  const name = `kill -9 ${service}`;
  return {
    name,
    run: (ctx) =>
      underLoad(ctx, name, async () => {
        const from = Date.now();
        await ctx.system.kill(service);
        await pause(2000);
        await ctx.system.restart(service);
        return { from, to: Date.now() };
      }),
  };
}

/**
 * pg_ctl stop (fast), load continues against the services, start again. Dispatch is frozen just
 * before and four cases registered, so it is behind on its topics when the database goes away: it has
 * events to handle during the outage, as a busy consumer would (otherwise whether any event is in
 * flight at that moment is luck, since no relay can publish while the database is down).
 */
export const postgresRestart: Scenario = {
  name: 'stop and start PostgreSQL',
  run: (ctx) =>
    underLoad(
      ctx,
      'stop and start PostgreSQL',
      async (load) => {
        const behind: ServiceName = 'dispatch';
        ctx.system.freeze(behind, true);
        // CaseRegistered events dispatch has not read yet (the workers may all be waiting on it).
        await load.registerNow(4);
        await pause(2000);
        const from = Date.now();
        await ctx.infra.stopPostgres().finally(() => ctx.system.freeze(behind, false));
        const stopped = Date.now();
        ctx.log('  PostgreSQL stopped; load continues');
        await pause(8000);
        const outageEnd = Date.now();
        await ctx.infra.startPostgres();
        const to = Date.now();
        // While it is down: 503 with Retry-After (or an answer served without the database), never 500.
        const during = load.recorder.between(stopped + 500, outageEnd);
        const problems: string[] = [];
        const bad = during.filter(
          (e) => !is2xx(e) && !(e.status === 503 && e.retryAfter) && e.status !== 404,
        );
        if (bad.length > 0)
          problems.push(
            `${bad.length} answers during the outage were neither 2xx nor 503 with Retry-After, e.g. ${bad[0].op} → ${bad[0].status} ${JSON.stringify(bad[0].body).slice(0, 160)}`,
          );
        if (!during.some((e) => e.status === 503)) problems.push('no 503 seen while PostgreSQL was down');
        return { from, to, problems };
      },
      { recoveryTimeoutMs: 120_000 },
    ),
};

/** A second instance of every consumer; the extra ones are killed mid-run, so the groups rebalance. */
export const rebalance: Scenario = {
  name: 'two instances of every consumer, one killed (rebalance)',
  run: (ctx) =>
    underLoad(ctx, 'two instances of every consumer, one killed (rebalance)', async () => {
      const consumers = ctx.system.consumers();
      await Promise.all(consumers.map((service) => ctx.system.addInstance(service)));
      ctx.log(`  second instances up: ${consumers.join(', ')}`);
      await pause(3000);
      const from = Date.now();
      await Promise.all(consumers.map((service) => ctx.system.killExtraInstance(service)));
      return { from, to: Date.now() };
    }),
};

/**
 * Racing duplicates: the same Idempotency-Key sent several times at once, for registrations and
 * for arrivals. Exactly one effect per key; every 2xx answer is the same; no 5xx.
 */
export const idempotencyRace: Scenario = {
  name: 'duplicate requests racing with one Idempotency-Key',
  run: async (ctx) => {
    const started = Date.now();
    const recorder = new Recorder();
    const problems: string[] = [];
    let duplicates = 0;
    let lost = 0;
    const { urls } = ctx.system;
    const keys = Array.from({ length: 6 }, (_, i) => `race-${ctx.system.tag}-${i}`);
    const caseIds: string[] = [];
    for (const key of keys) {
      const marker = key;
      const body = {
        centerId: 'anlizha-village',
        channel: 'petition',
        disputeType: 'road_traffic',
        summary: `Racing registration (${marker})`,
        headcount: 2,
        urgency: 'normal',
        parties: [{ role: 'applicant', name: '李某', idNumber: '620702196805051234', phone: '13909361234' }],
      };
      const answers = await Promise.all(
        Array.from({ length: 8 }, () =>
          call(recorder, 'create case (raced)', `${urls.intake}/cases`, {
            method: 'POST',
            caller: CLERK,
            body,
            idempotencyKey: key,
          }),
        ),
      );
      const ids = new Set(answers.filter(is2xx).map((a) => (a.body as { id: string }).id));
      if (ids.size > 1) problems.push(`key ${key}: 2xx answers name ${ids.size} different cases`);
      if (ids.size === 1) caseIds.push([...ids][0]);
      else {
        // Every racer refused: the key must still be usable, and register once.
        const retry = await call(recorder, 'create case (retry)', `${urls.intake}/cases`, {
          method: 'POST',
          caller: CLERK,
          body,
          idempotencyKey: key,
        });
        if (is2xx(retry)) caseIds.push((retry.body as { id: string }).id);
        else problems.push(`key ${key}: no racer and no retry succeeded (${retry.status})`);
      }
    }
    const findings = { lost: [] as string[], duplicates: [] as string[] };
    // Whistle each case once, then race arrivals of its first summons with one key.
    for (const caseId of caseIds) {
      const whistle = await waitUntil(
        `dispatch to accept a whistle for ${caseId}`,
        async () => {
          const e = await call(recorder, 'blow whistle', `${urls.dispatch}/cases/${caseId}/whistles`, {
            method: 'POST',
            caller: { role: 'operator', subject: 'faults-operator', centerId: 'ganzhou-district' },
            body: {},
            idempotencyKey: `race-whistle-${caseId}`,
          });
          return is2xx(e)
            ? (e.body as { id: string; summons: { id: string; departmentId: string }[] })
            : false;
        },
        60_000,
        300,
      );
      const summons = whistle.summons[0];
      await waitUntil(
        `department to know summons ${summons.id}`,
        async () =>
          (
            await call(null, 'read summons', `${urls.department}/summons/${summons.id}`, {
              caller: liaison(summons.departmentId),
            })
          ).status === 200,
        60_000,
        300,
      );
      const answers = await Promise.all(
        Array.from({ length: 8 }, () =>
          call(recorder, 'arrive (raced)', `${urls.department}/summons/${summons.id}/arrive`, {
            method: 'POST',
            caller: liaison(summons.departmentId),
            body: { note: 'raced' },
            idempotencyKey: `race-arrive-${summons.id}`,
          }),
        ),
      );
      if (!answers.some(is2xx)) {
        const retry = await call(
          recorder,
          'arrive (retry)',
          `${urls.department}/summons/${summons.id}/arrive`,
          {
            method: 'POST',
            caller: liaison(summons.departmentId),
            body: { note: 'raced' },
            idempotencyKey: `race-arrive-${summons.id}`,
          },
        );
        if (!is2xx(retry))
          problems.push(`arrival of ${summons.id}: no racer and no retry succeeded (${retry.status})`);
      }
    }
    const rc = reconcileContext(ctx);
    await waitUntil('the system to drain', async () => (await drained(rc)) === true, 120_000, 500).catch(
      (error: unknown) => problems.push(String(error).slice(0, 300)),
    );
    const recoverySeconds = (Date.now() - started) / 1000;
    const records = await readTopics(ctx.infra.brokers, [
      ctx.system.topic('cases'),
      ctx.system.topic('department-responses'),
    ]);
    const parsed = records.flatMap((r) => {
      try {
        return [JSON.parse(r.value) as { id: string; type: string; caseId: string }];
      } catch {
        return []; // a poison message of the poison scenario
      }
    });
    for (const caseId of caseIds) {
      const registered = new Set(
        parsed.filter((e) => e.type === 'CaseRegistered' && e.caseId === caseId).map((e) => e.id),
      );
      if (registered.size > 1) findings.duplicates.push(`case ${caseId} registered ${registered.size} times`);
      if (registered.size === 0) findings.lost.push(`case ${caseId} accepted, never registered`);
      const arrived = new Set(
        parsed.filter((e) => e.type === 'DepartmentArrived' && e.caseId === caseId).map((e) => e.id),
      );
      if (arrived.size > 1)
        findings.duplicates.push(`case ${caseId}: one arrival published ${arrived.size} times`);
      if (arrived.size === 0) findings.lost.push(`case ${caseId}: arrival accepted, never published`);
    }
    // And the intake rows: one per key.
    const global = await reconcile(rc, []);
    findings.lost.push(...global.lost);
    findings.duplicates.push(...global.duplicates);
    problems.push(...global.other);
    const rows = await countRows(ctx, keys);
    for (const [key, n] of Object.entries(rows)) {
      if (n > 1) findings.duplicates.push(`key ${key}: ${n} cases stored`);
      if (n === 0) findings.lost.push(`key ${key}: no case stored`);
    }
    const serverErrors = recorder.serverErrors();
    if (serverErrors.length > 0)
      problems.push(
        `${serverErrors.length} racing answers were 5xx: ${serverErrors[0].status} ${JSON.stringify(serverErrors[0].body).slice(0, 160)}`,
      );
    duplicates = findings.duplicates.length;
    lost = findings.lost.length;
    problems.push(
      ...findings.lost.map((l) => `lost: ${l}`),
      ...findings.duplicates.map((d) => `duplicate: ${d}`),
    );
    return {
      name: 'duplicate requests racing with one Idempotency-Key',
      sent: recorder.sent,
      accepted: recorder.accepted,
      refused: recorder.refused,
      lost,
      duplicates,
      recoverySeconds: Math.round(recoverySeconds * 10) / 10,
      problems,
    };
  },
};

async function countRows(ctx: SuiteContext, keys: string[]): Promise<Record<string, number>> {
  const { Client } = await import('pg');
  const db = new Client({ connectionString: ctx.infra.databaseUrl });
  await db.connect();
  try {
    const counts: Record<string, number> = {};
    for (const key of keys) {
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM "${ctx.system.schemaOf('intake')}".cases WHERE summary = $1`,
        [`Racing registration (${key})`],
      );
      counts[key] = rows[0].n;
    }
    return counts;
  } finally {
    await db.end();
  }
}

/**
 * A poison message (not JSON) on every topic, and on every topic with events a copy of a real
 * event whose payload breaks its contract, sent while the load runs. Each must reach
 * `<topic>.dlq` once per consumer group that reads the topic, with its error. Beside them, a copy
 * of a real event under a type no code knows yet (what a newer service emits in a rolling deploy):
 * it is skipped, so it must reach no DLQ (nothing but the poison may be dead-lettered).
 */
export const poisonMessages: Scenario = {
  name: 'poison message, invalid payload and unknown event type on every topic',
  run: (ctx) =>
    underLoad(ctx, 'poison message, invalid payload and unknown event type on every topic', async () => {
      const from = Date.now();
      const groups = ctx.system.consumers().map((s) => `${ctx.system.topicPrefix}${s}`);
      const producer = kafkaClient(ctx.infra.brokers, 'faults-poison').producer({
        allowAutoTopicCreation: false,
      });
      await producer.connect();
      const problems: string[] = [];
      try {
        for (const topic of LOGICAL_TOPICS) {
          const physical = ctx.system.topic(topic);
          const consuming = await withAdmin(ctx.infra.brokers, (admin) =>
            groupsSubscribed(admin, physical, groups),
          );
          if (consuming.length === 0) {
            ctx.log(`  ${topic}: no consumer group subscribes to it; poison sent, no dead letter expected`);
          }
          const sample = (await readTopics(ctx.infra.brokers, [physical])).map((r) => r.value)[0];
          for (const m of poisonFor(physical, sample)) {
            await producer.send({
              topic: physical,
              acks: -1,
              messages: [{ key: randomUUID(), value: m.value, headers: { 'event-type': 'poison' } }],
            });
            if (consuming.length > 0 && m.deadLetter) ctx.poison.push({ topic, value: m.value, why: m.why });
          }
        }
      } finally {
        await producer.disconnect();
      }
      return { from, to: Date.now(), problems };
    }),
};

function poisonFor(physical: string, sample: string | undefined) {
  const messages = [
    {
      why: 'a message that is not JSON',
      value: `not json: poison for ${physical} ${randomUUID()}`,
      deadLetter: true,
    },
  ];
  if (sample) {
    const event = JSON.parse(sample) as Record<string, unknown>;
    messages.push(
      {
        why: `${String(event.type)} with a payload that breaks its contract`,
        value: JSON.stringify({ ...event, id: randomUUID(), payload: { poison: true } }),
        deadLetter: true,
      },
      {
        why: 'an event of a type no code knows yet',
        value: JSON.stringify({ ...event, id: randomUUID(), type: 'WhistleRetuned' }),
        deadLetter: false,
      },
    );
  }
  return messages;
}
