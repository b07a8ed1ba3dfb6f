import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { Client } from 'pg';
import type { Infra } from './system';

export interface Machine {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  kafka: string;
  postgres: string;
  os: string;
}

/** The machine the numbers were measured on, written next to them. */
export async function describeMachine(infra: Infra, kafkaVersion: string): Promise<Machine> {
  const db = new Client({ connectionString: infra.databaseUrl });
  await db.connect();
  const { rows } = await db.query<{ server_version: string }>('SHOW server_version').finally(() => db.end());
  let osName = `${os.type()} ${os.release()}`;
  try {
    osName = execFileSync('sh', ['-c', '. /etc/os-release && echo "$PRETTY_NAME"'], {
      encoding: 'utf8',
    }).trim();
  } catch {
    // keep the kernel's name
  }
  return {
    cores: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    kafka: kafkaVersion,
    postgres: rows[0].server_version,
    os: osName,
  };
}
