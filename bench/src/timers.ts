import { Client } from 'pg';
import { round, summarise, type Measured } from './stats';
import { deleteTopics, startServiceProcess, uniqueTag, waitUntil, type Infra } from './system';

export interface TimerRun {
  armed: number;
  /** Of them, those due within the run (the rest wait a day ahead, armed all along). */
  fired: number;
  firesPerSec: number;
  latenessP50Ms: number;
  latenessP99Ms: number;
  latenessMaxMs: number;
  peakRssMb: number;
}

export interface TimersResult {
  armed: number;
  fired: number;
  spreadSeconds: number;
  firesPerSec: Measured;
  latenessP50Ms: Measured;
  latenessP99Ms: Measured;
  latenessMaxMs: Measured;
  peakRssMb: Measured;
}

/** A timer run: how many are armed, and how many of them come due, evenly over how long. */
export interface TimerLoad {
  armed: number;
  firing: number;
  spreadSeconds: number;
}

/**
 * One run: a fresh sla-timer process (its own schema and topics), `armed` timers inserted at
 * once; `firing` of them due evenly over `spreadSeconds` from a few seconds ahead, i.e.
 * `firing / spreadSeconds` fires per second once they come due, and the rest due a day ahead, so
 * that the due ones are found among a whole population of armed timers, as in a busy district. Each fire is the real thing: DeadlineReached written to
 * the outbox in the firing transaction, then published to Kafka by the relay. Lateness is read
 * from the timers table afterwards (`lateness_ms`, firedAt − dueAt, on the service's clock).
 */
export async function runTimers(infra: Infra, load: TimerLoad): Promise<TimerRun> {
  const { armed, firing, spreadSeconds } = load;
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
    const leadMs = 15_000;
    // The population first, due a day ahead (none comes due in the run), then brought to what a
    // day of arming would have left (below); then the `firing` ones, due evenly over the spread
    // from `leadMs` after their own insert, so that the insert does not count as lateness.
    const insert = (count: number, offset: number, due: string, params: unknown[] = []) =>
      db.query(
        `INSERT INTO ${schema}.timers (id, kind, subject, due_at, payload, generation, state, armed_at)
         SELECT gen_random_uuid(), 'deadline', gen_random_uuid()::text, ${due},
                jsonb_build_object('owner', 'bench', 'kind', 'bench.timer', 'subjectId', (i + $2)::text,
                                   'context', '{}'::jsonb, 'caseId', gen_random_uuid(),
                                   'correlationId', gen_random_uuid()::text, 'scheduledBy', gen_random_uuid()::text),
                1, 'armed', now()
         FROM generate_series(0, $1 - 1) AS i`,
        [count, offset, ...params],
      );
    await insert(armed - firing, firing, `now() + make_interval(days => 1, secs => i::float8 / 1000)`);
    // Vacuumed, not only analysed: a million rows inserted at once bring autovacuum for the
    // inserts, and it ran inside the firing window of the full run of 2026-12-05 22:21 (p99
    // 1,234 ms). And checkpointed, as the server would have done long before: the insert left
    // about a gigabyte of WAL and dirty pages, and the timed checkpoint that wrote them out fell
    // inside the window of the run of 22:05, its sync stalling the fires (p99 177 ms; 98-118 in
    // three runs without one). A checkpoint also restarts the 5-minute clock.
    await db.query(`VACUUM (ANALYZE) ${schema}.timers`);
    await db.query('CHECKPOINT');
    await insert(firing, 0, `now() + make_interval(secs => $3::float8 / 1000 + (i::float8 / $1) * $4)`, [
      leadMs,
      spreadSeconds,
    ]);
    // The lead must outlast the insert, or the first timers are overdue before anyone can see
    // them and their lateness is the insert's: right after the checkpoint every page it touches
    // is logged whole, and 120,000 rows took longer than the 5 s lead this once had (p99 1.2 s).
    const { rows: lead } = await db.query(
      `SELECT min(due_at) > clock_timestamp() AS ahead FROM ${schema}.timers WHERE state = 'armed'`,
    );
    if (lead[0]?.ahead !== true)
      throw new Error(`the ${firing} timers to fire took longer than the ${leadMs} ms lead to insert`);
    await waitUntil(
      `${firing} of ${armed} timers to fire`,
      async () => {
        const { rows } = await db.query(
          `SELECT count(*)::int AS n FROM ${schema}.timers WHERE state = 'fired'`,
        );
        return rows[0].n === firing;
      },
      leadMs + spreadSeconds * 1000 + 180_000,
      500,
    );
    const { rows } = await db.query(
      `SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY lateness_ms) AS p50,
              percentile_disc(0.99) WITHIN GROUP (ORDER BY lateness_ms) AS p99,
              max(lateness_ms) AS max,
              extract(epoch FROM max(fired_at) - min(fired_at)) AS seconds
       FROM ${schema}.timers WHERE state = 'fired'`,
    );
    const [stats] = rows as Array<{ p50: number; p99: number; max: number; seconds: string }>;
    return {
      armed,
      fired: firing,
      firesPerSec: round(firing / Math.max(0.001, Number(stats.seconds))),
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
  options: TimerLoad & { runs: number; log: (line: string) => void },
): Promise<TimersResult> {
  const runs: TimerRun[] = [];
  for (let i = 1; i <= options.runs; i++) {
    const run = await runTimers(infra, options);
    options.log(
      `timers run ${i}/${options.runs}: ${run.fired} of ${run.armed} armed fired at ${run.firesPerSec}/s, lateness p50 ${run.latenessP50Ms} ms, p99 ${run.latenessP99Ms} ms, max ${run.latenessMaxMs} ms`,
    );
    runs.push(run);
  }
  return {
    armed: options.armed,
    fired: options.firing,
    spreadSeconds: options.spreadSeconds,
    firesPerSec: summarise(runs.map((r) => r.firesPerSec)),
    latenessP50Ms: summarise(runs.map((r) => r.latenessP50Ms)),
    latenessP99Ms: summarise(runs.map((r) => r.latenessP99Ms)),
    latenessMaxMs: summarise(runs.map((r) => r.latenessMaxMs)),
    peakRssMb: summarise(runs.map((r) => r.peakRssMb)),
  };
}
