import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';
import { freePort, serviceNodeOptions } from '@chuishao/launcher';
import { Client } from 'pg';
import { bearer, call, pool } from './api';
import type { BenchSystem } from './bench-system';
import type { CaseStock } from './pipeline';
import { round } from './stats';
import { waitUntil, type Infra } from './system';

export interface HttpRun {
  requests: number;
  /** First request to last answer (autocannon's own run ends at its next 1 s tick after that). */
  seconds: number;
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

interface Target {
  summonsId: string;
  authorization: string;
}

/**
 * Summons waiting to be acknowledged: whistles blown on registered cases (three summons each),
 * once the department holds every one of them as `notified`.
 */
export async function prepareSummons(
  system: BenchSystem,
  infra: Infra,
  stock: CaseStock,
  count: number,
  concurrency: number,
): Promise<Target[]> {
  const whistles = Math.ceil(count / 3);
  await stock.fill(whistles, concurrency);
  const operator = bearer('operator', { centerId: 'ganzhou-district' });
  const tokens = new Map<string, string>();
  const targets: Target[] = [];
  await pool(
    Array.from({ length: whistles }, () => stock.take()),
    concurrency,
    async (caseId) => {
      if (!caseId) return;
      const whistle = await call<{ summons: Array<{ id: string; departmentId: string }> }>(
        system.urls.dispatch,
        'POST',
        `/cases/${caseId}/whistles`,
        operator,
        {},
      );
      for (const s of whistle.summons) {
        if (!tokens.has(s.departmentId))
          tokens.set(s.departmentId, bearer('liaison', { departmentId: s.departmentId }));
        targets.push({ summonsId: s.id, authorization: tokens.get(s.departmentId)! });
      }
    },
  );
  const db = new Client({ connectionString: infra.databaseUrl });
  await db.connect();
  try {
    await waitUntil(
      `the department to hold the ${targets.length} summons`,
      async () => {
        const { rows } = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM "${system.schema('department')}".summons WHERE id = ANY($1::uuid[])`,
          [targets.map((t) => t.summonsId)],
        );
        return rows[0].n === targets.length;
      },
      180_000,
      200,
    );
    // And their notifications sent: the acknowledgements are then measured alone, not next to
    // the delivery of a few hundred texts.
    await waitUntil(
      'the department to deliver the notifications of the prepared summons',
      async () => {
        const { rows } = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM "${system.schema('department')}".notifications WHERE state = 'pending'`,
        );
        return rows[0].n === 0;
      },
      180_000,
      200,
    );
  } finally {
    await db.end();
  }
  return targets.slice(0, count);
}

async function cannon(
  url: string,
  targets: readonly Target[],
  connections: number,
  length: { amount: number } | { duration: number },
): Promise<HttpRun> {
  let next = 0;
  // Timed here, first request to last answer: autocannon's own `duration` ends at the first of
  // its 1 s samples after the last answer, which made every short run read 300 ÷ 2 s = 150 req/s.
  const startedAt = performance.now();
  let lastAnswerAt = startedAt;
  const result = await autocannon({
    url,
    connections,
    ...length,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const target = targets[next++ % targets.length];
          return {
            ...request,
            method: 'POST',
            path: `/summons/${target.summonsId}/acknowledge`,
            headers: { authorization: target.authorization },
          };
        },
        onResponse: () => {
          lastAnswerAt = performance.now();
        },
      },
    ],
  });
  const seconds = (lastAnswerAt - startedAt) / 1000;
  return {
    requests: result.requests.total,
    seconds,
    requestsPerSec: round(result.requests.total / Math.max(0.001, seconds)),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/** POST /summons/:id/acknowledge on the real department service, each request a fresh summons. */
export function benchAcknowledge(departmentUrl: string, targets: readonly Target[], connections: number) {
  return cannon(departmentUrl, targets, connections, { amount: targets.length });
}

export interface BareRoute {
  url: string;
  stop(): Promise<void>;
}

/** The bare NestJS app (bare-route.ts) as a process of its own, like a service. */
export async function startBareRoute(): Promise<BareRoute> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [path.join(__dirname, 'bare-route.js')], {
    // The services' V8 heap settings, so the two processes differ only in what they do.
    env: { ...process.env, NODE_OPTIONS: serviceNodeOptions(process.env.NODE_OPTIONS), PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(
    'the bare NestJS route to listen',
    async () => {
      if (child.exitCode !== null) throw new Error(`the bare route exited (${child.exitCode})`);
      return (await fetch(`${url}/summons/x/acknowledge`, { method: 'POST' })).ok;
    },
    30_000,
    100,
  );
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * The same requests (paths, headers, connections) on the bare route, for a fixed time rather
 * than a fixed count: it answers so much faster that a few hundred requests would time the
 * connections' start, not the route.
 */
export function benchBareRoute(
  url: string,
  targets: readonly Target[],
  connections: number,
  seconds: number,
) {
  return cannon(url, targets, connections, { duration: seconds });
}
