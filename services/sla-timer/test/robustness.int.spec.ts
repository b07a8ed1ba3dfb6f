import { uuidv7 } from '@chuishao/kernel';
import { TopicObserver, startService, uniqueTestTag, waitFor, type RunningService } from '@chuishao/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppModule, SLA_TIMER_DESCRIPTION } from '../src/app.module';
import { Script } from './support';

/** No warning (its moment has always passed) and a one-level ladder: one breach, one escalation. */
const SETTINGS = {
  defaultPolicy: { warningSeconds: 3600, escalationSeconds: 3600, levels: 1 },
  timers: { pollCapMs: 1000, sweepIntervalMs: 1000, batchSize: 100, enabled: true },
};

function start(schema: string, topicPrefix: string): Promise<RunningService> {
  return startService(
    'sla-timer',
    (config) => AppModule.forRoot(config, { settings: SETTINGS }),
    SLA_TIMER_DESCRIPTION,
    {
      topicPrefix,
      env: { DB_SCHEMA: schema },
    },
  );
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Every summons of `whistles` whistles of `perWhistle` departments, all due at `deadline`. */
async function blowMany(script: Script, whistles: number, perWhistle: number, deadline: Date) {
  const summonsIds: string[] = [];
  const departments = Array.from({ length: perWhistle }, (_, i) => `department-${i}`);
  for (let i = 0; i < whistles; i += 1) {
    const caseId = uuidv7();
    const { summons } = await script.blow(caseId, 0, departments, deadline);
    summonsIds.push(...summons.map((s) => s.summonsId));
  }
  return summonsIds;
}

describe('sla-timer robustness (several instances, crashes)', () => {
  it('two instances on one database: 500 timers due in the same second each fire exactly once', async () => {
    const schema = uniqueTestTag('slashared');
    const prefix = `${uniqueTestTag('p')}.`;
    const first = await start(schema, prefix);
    const second = await start(schema, prefix);
    const script = new Script(() => first);
    const observer = await new TopicObserver(process.env.KAFKA_BROKERS!, [first.topic('sla')]).start();
    try {
      const deadline = new Date(Date.now() + 8000);
      const summonsIds = await blowMany(script, 50, 10, deadline);
      const db = first.app.get(DataSource);
      await waitFor(
        'all 500 deadline timers to fire',
        async () => {
          const [row] = await db.query(
            `SELECT count(*) FILTER (WHERE state = 'fired')::int AS fired, count(*)::int AS total
             FROM timers WHERE kind = 'sla.arrival-deadline'`,
          );
          return row.fired === 500 && row;
        },
        { timeoutMs: 60000 },
      );
      // Each summons: exactly one breach and one escalation, written once and published once.
      const rows: Array<{ summons_id: string; n: number }> = await db.query(
        `SELECT envelope->'payload'->>'summonsId' AS summons_id, count(*)::int AS n FROM outbox
         WHERE event_type = 'ArrivalDeadlineBreached' GROUP BY 1`,
      );
      expect(rows).toHaveLength(500);
      expect(rows.every((r) => r.n === 1)).toBe(true);
      expect(new Set(rows.map((r) => r.summons_id))).toEqual(new Set(summonsIds));
      expect((await db.query(`SELECT count(*)::int AS n FROM escalations`))[0].n).toBe(500);
      await waitFor('the 500 breaches on Kafka', () => observer.events('EscalationRaised').length >= 500, {
        timeoutMs: 30000,
      });
      const breaches = observer.events('ArrivalDeadlineBreached');
      expect(breaches).toHaveLength(500);
      expect(new Set(breaches.map((e) => e.payload.summonsId)).size).toBe(500);
      const [lateness] = await db.query(
        `SELECT max(lateness_ms)::int AS max, percentile_cont(0.5) WITHIN GROUP (ORDER BY lateness_ms) AS p50
         FROM timers WHERE kind = 'sla.arrival-deadline'`,
      );
      process.stdout.write(
        `500 timers, two instances: lateness p50 ${lateness.p50} ms, max ${lateness.max} ms\n`,
      );
    } finally {
      await observer.stop();
      await script.stop();
      await second.close();
      await first.close();
    }
  });

  it('a deadline a month past (a long outage) still fires, its lateness saturating at the column range', async () => {
    const schema = uniqueTestTag('slaold');
    const prefix = `${uniqueTestTag('p')}.`;
    const service = await start(schema, prefix);
    const script = new Script(() => service);
    try {
      const monthAgo = new Date(Date.now() - 30 * 86_400_000); // 2.59e9 ms: beyond a 32-bit integer
      const [summonsId] = await blowMany(script, 1, 1, monthAgo);
      const db = service.app.get(DataSource);
      await waitFor(
        'the month-old deadline timer to fire',
        async () =>
          (
            await db.query(
              `SELECT count(*)::int AS n FROM timers
               WHERE kind = 'sla.arrival-deadline' AND subject = $1 AND state = 'fired'`,
              [summonsId],
            )
          )[0].n === 1,
        { timeoutMs: 30000 },
      );
      const [timer]: Array<{ lateness_ms: number }> = await db.query(
        `SELECT lateness_ms FROM timers WHERE kind = 'sla.arrival-deadline' AND subject = $1`,
        [summonsId],
      );
      expect(timer!.lateness_ms).toBe(2_147_483_647);
    } finally {
      await script.stop();
      await service.close();
    }
  });

  it('kill -9 with armed timers: on restart every overdue timer fires exactly once, its lateness recorded', async () => {
    const schema = uniqueTestTag('slakill');
    const prefix = `${uniqueTestTag('p')}.`;
    const port = await freePort();
    const main = path.join(__dirname, '..', 'dist', 'src', 'main.js');
    const child: ChildProcess = spawn(process.execPath, [main], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DB_SCHEMA: schema,
        KAFKA_TOPIC_PREFIX: prefix,
        SLA_WARNING_SECONDS: '3600',
        SLA_ESCALATION_SECONDS: '3600',
        SLA_ESCALATION_LEVELS: '1',
        SLA_TIMER_POLL_CAP_MS: '1000',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const pg = new Client({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
    let restarted: RunningService | null = null;
    const script = new Script(() => ({ topic: (name: string) => `${prefix}${name}` }) as RunningService);
    try {
      await waitFor(
        'the child sla-timer to be ready',
        async () => (await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null))?.status === 200,
        { timeoutMs: 60000 },
      );
      const deadline = new Date(Date.now() + 5000);
      const summonsIds = await blowMany(script, 20, 5, deadline);
      await waitFor(
        'the child to arm the 100 deadline timers',
        async () =>
          (
            await pg.query(
              `SELECT count(*)::int AS n FROM "${schema}".timers WHERE kind = 'sla.arrival-deadline' AND state = 'armed'`,
            )
          ).rows[0].n === 100,
        { timeoutMs: 30000 },
      );
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      await waitFor('the deadline to pass while nobody runs', () => Date.now() > deadline.getTime() + 1500, {
        timeoutMs: 15000,
      });

      restarted = await start(schema, prefix);
      const db = restarted.app.get(DataSource);
      await waitFor(
        'every overdue timer to fire on recovery',
        async () =>
          (
            await db.query(
              `SELECT count(*)::int AS n FROM timers WHERE kind = 'sla.arrival-deadline' AND state = 'fired'`,
            )
          )[0].n === 100,
        { timeoutMs: 30000 },
      );
      const fired: Array<{ subject: string; lateness_ms: number }> = await db.query(
        `SELECT subject, lateness_ms FROM timers WHERE kind = 'sla.arrival-deadline'`,
      );
      expect(new Set(fired.map((t) => t.subject))).toEqual(new Set(summonsIds));
      expect(fired.every((t) => t.lateness_ms >= 1500)).toBe(true);
      const breaches: Array<{ n: number }> = await db.query(
        `SELECT count(*)::int AS n FROM outbox WHERE event_type = 'ArrivalDeadlineBreached'
         GROUP BY envelope->'payload'->>'summonsId'`,
      );
      expect(breaches).toHaveLength(100);
      expect(breaches.every((b) => b.n === 1)).toBe(true);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await script.stop();
      await pg.end();
      await restarted?.close();
    }
  });

  it('an instance whose clock runs a minute ahead breaches no earlier than the deadline', async () => {
    const schema = uniqueTestTag('slaahead');
    const prefix = `${uniqueTestTag('p')}.`;
    const ahead = await startService(
      'sla-timer',
      (config) =>
        AppModule.forRoot(config, {
          settings: SETTINGS,
          clock: { now: () => new Date(Date.now() + 60_000) },
        }),
      SLA_TIMER_DESCRIPTION,
      { topicPrefix: prefix, env: { DB_SCHEMA: schema } },
    );
    try {
      const db = ahead.app.get(DataSource);
      const [{ now }]: Array<{ now: Date }> = await db.query('SELECT now()');
      // Due in 4 s by the database; the instance's own clock says it passed 56 s ago.
      const deadline = new Date(new Date(now).getTime() + 4000);
      await new Script(() => ahead).blow(uuidv7(), 0, ['department-0'], deadline);
      const [breach] = await waitFor(
        'the breach',
        async () => {
          const rows: Array<{ created_at: Date; breached_at: string }> = await db.query(
            `SELECT created_at, envelope->'payload'->>'breachedAt' AS breached_at FROM outbox
             WHERE event_type = 'ArrivalDeadlineBreached'`,
          );
          return rows.length > 0 && rows;
        },
        { timeoutMs: 30000 },
      );
      // Both on the database's clock: the breach was written, and says it happened, at or after it.
      expect(new Date(breach.created_at).getTime()).toBeGreaterThanOrEqual(deadline.getTime());
      expect(new Date(breach.breached_at).getTime()).toBeGreaterThanOrEqual(deadline.getTime());
      const [timer]: Array<{ late: boolean }> = await db.query(
        `SELECT fired_at >= due_at AS late FROM timers WHERE kind = 'sla.arrival-deadline'`,
      );
      expect(timer.late).toBe(true);
    } finally {
      await ahead.close();
    }
  });
});
