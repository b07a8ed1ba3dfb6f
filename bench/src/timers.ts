import { Client } from 'pg';
import { round, summarise, type Measured } from './stats';
import { deleteTopics, startServiceProcess, uniqueTag, waitUntil, type Infra } from './system';

export interface TimerRun {
  armed: number;
  firesPerSec: number;
  latenessP50Ms: number;
  latenessP99Ms: number;
  latenessMaxMs: number;
  peakRssMb: number;
}

export interface TimersResult {
  armed: number;
  spreadSeconds: number;
  firesPerSec: Measured;
  latenessP50Ms: Measured;
  latenessP99Ms: Measured;
  latenessMaxMs: Measured;
  peakRssMb: Measured;
}

/**
 * One run: a fresh sla-timer process (its own schema and topics), `armed` timers inserted at
 * once and due evenly over `spreadSeconds` from a few seconds ahead, i.e. `armed / spreadSeconds`
 * fires per second once they come due. Each fire is the real thing: DeadlineReached written to
 * the outbox in the firing transaction, then published to Kafka by the relay. Lateness is read
 * from the timers table afterwards (`lateness_ms`, firedAt − dueAt, on the service's clock).
 */
export async function runTimers(infra: Infra, armed: number, spreadSeconds: number): Promise<TimerRun> {
  const schema = uniqueTag('bench_timers_');
  const topicPrefix = `${uniqueTag('bench')}.`;
  const service = await startServiceProcess('sla-timer', {
    DATABASE_URL: infra.databaseUrl,
    KAFKA_BROKERS: infra.kafkaBrokers,
    DB_SCHEMA: schema,
    KAFKA_TOPIC_PREFIX: topicPrefix,
    SLA_TIMER_POLL_CAP_MS: '1000',
    SLA_TIMER_SWEEP_MS: '1000',
  });
  const db = new Client({ connectionString: infra.databaseUrl });
  await db.connect();
  try {
    const leadMs = 5000;
    // Inserted in one statement, as a whole day of arming would be; due evenly over the spread.
    await db.query(
      `INSERT INTO ${schema}.timers (id, kind, subject, due_at, payload, generation, state, armed_at)
       SELECT gen_random_uuid(), 'deadline', gen_random_uuid()::text,
              now() + make_interval(secs => $2::float8 / 1000 + (i::float8 / $1) * $3),
              jsonb_build_object('owner', 'bench', 'kind', 'bench.timer', 'subjectId', i::text,
                                 'context', '{}'::jsonb, 'caseId', gen_random_uuid(),
                                 'correlationId', gen_random_uuid()::text, 'scheduledBy', gen_random_uuid()::text),
              1, 'armed', now()
       FROM generate_series(0, $1 - 1) AS i`,
      [armed, leadMs, spreadSeconds],
    );
    await waitUntil(
      `${armed} timers to fire`,
      async () => {
        const { rows } = await db.query(
          `SELECT count(*)::int AS n FROM ${schema}.timers WHERE state = 'fired'`,
        );
        return rows[0].n === armed;
      },
      leadMs + spreadSeconds * 1000 + 180_000,
      500,
    );
    const { rows } = await db.query(
      `SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY lateness_ms) AS p50,
              percentile_disc(0.99) WITHIN GROUP (ORDER BY lateness_ms) AS p99,
              max(lateness_ms) AS max,
              extract(epoch FROM max(fired_at) - min(fired_at)) AS seconds
       FROM ${schema}.timers`,
    );
    const [stats] = rows as Array<{ p50: number; p99: number; max: number; seconds: string }>;
    return {
      armed,
      firesPerSec: round(armed / Math.max(0.001, Number(stats.seconds))),
      latenessP50Ms: Number(stats.p50),
      latenessP99Ms: Number(stats.p99),
      latenessMaxMs: Number(stats.max),
      peakRssMb: service.peakRssMb(),
    };
  } finally {
    await service.stop();
    await deleteTopics(infra.kafkaBrokers, topicPrefix).catch(() => undefined);
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await db.end();
  }
}

export async function benchTimers(
  infra: Infra,
  options: { armed: number; spreadSeconds: number; runs: number; log: (line: string) => void },
): Promise<TimersResult> {
  const runs: TimerRun[] = [];
  for (let i = 1; i <= options.runs; i++) {
    const run = await runTimers(infra, options.armed, options.spreadSeconds);
    options.log(
      `timers run ${i}/${options.runs}: ${run.armed} fired at ${run.firesPerSec}/s, lateness p50 ${run.latenessP50Ms} ms, p99 ${run.latenessP99Ms} ms, max ${run.latenessMaxMs} ms`,
    );
    runs.push(run);
  }
  return {
    armed: options.armed,
    spreadSeconds: options.spreadSeconds,
    firesPerSec: summarise(runs.map((r) => r.firesPerSec)),
    latenessP50Ms: summarise(runs.map((r) => r.latenessP50Ms)),
    latenessP99Ms: summarise(runs.map((r) => r.latenessP99Ms)),
    latenessMaxMs: summarise(runs.map((r) => r.latenessMaxMs)),
    peakRssMb: summarise(runs.map((r) => r.peakRssMb)),
  };
}
