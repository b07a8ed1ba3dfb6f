import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { round } from './stats';
import type { Infra } from './system';

export interface PgbenchRun {
  clients: number;
  seconds: number;
  tps: number;
  latencyAvgMs: number;
}

const TABLE = 'bench_pgbench_events';

/**
 * PostgreSQL alone: `pgbench` running a one-row INSERT transaction (a row the size of an event)
 * with as many clients as the pipeline has operators, for `seconds`. The ceiling of committed
 * transactions per second on this machine's database, next to the pipeline's.
 */
export async function runPgbench(
  infra: Infra,
  options: { clients: number; seconds: number; rowBytes: number },
): Promise<PgbenchRun> {
  const db = new Client({ connectionString: infra.databaseUrl });
  await db.connect();
  try {
    await db.query(
      `CREATE TABLE IF NOT EXISTS ${TABLE} (seq bigserial PRIMARY KEY, payload text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
    );
    await db.query(`TRUNCATE ${TABLE}`);
  } finally {
    await db.end();
  }
  const script = path.join(os.tmpdir(), `chuishao-bench-pgbench-${process.pid}.sql`);
  writeFileSync(script, `INSERT INTO ${TABLE} (payload) VALUES (repeat('x', ${options.rowBytes}));\n`);
  const url = new URL(infra.databaseUrl);
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(
      'pgbench',
      [
        '-n', // no vacuum of pgbench's own tables: we use ours
        '-c',
        String(options.clients),
        '-j',
        String(Math.min(options.clients, os.availableParallelism())),
        '-T',
        String(options.seconds),
        '-f',
        script,
        '-h',
        url.hostname,
        '-p',
        url.port || '5432',
        '-U',
        decodeURIComponent(url.username),
        url.pathname.slice(1),
      ],
      {
        env: { ...process.env, PGPASSWORD: decodeURIComponent(url.password) },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(text) : reject(new Error(`pgbench exited ${code}:\n${text.slice(-1500)}`)),
    );
  }).finally(() => rmSync(script, { force: true }));
  const tps = /tps = ([\d.]+)/.exec(output);
  const latency = /latency average = ([\d.]+) ms/.exec(output);
  if (!tps) throw new Error(`unexpected pgbench output:\n${output.slice(-1500)}`);
  return {
    clients: options.clients,
    seconds: options.seconds,
    tps: round(Number(tps[1])),
    latencyAvgMs: round(Number(latency?.[1] ?? 0)),
  };
}
