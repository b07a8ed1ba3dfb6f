import { readdirSync, readFileSync } from 'node:fs';
import { Client } from 'pg';
import { processCpuSeconds } from './system';

/** The processes of PostgreSQL and Kafka serving this bench, when they run on this machine. */
export interface InfraProcesses {
  /** CPU seconds so far of every PostgreSQL process (the postmaster's children come and go). */
  postgres(): number | null;
  kafka(): number | null;
}

/**
 * Finds PostgreSQL by its data directory's postmaster.pid and Kafka by the server.properties
 * whose listeners name the bench's broker port, both through /proc. Either is null when it runs
 * elsewhere or cannot be read (a PostgreSQL of your own under another user, for one): no figure
 * rather than a wrong one.
 */
export async function findInfraProcesses(databaseUrl: string, kafkaBrokers: string): Promise<InfraProcesses> {
  const postmaster = await postmasterPid(databaseUrl).catch(() => null);
  const brokerPorts = kafkaBrokers.split(',').map((b) => b.split(':').pop() ?? '');
  const kafkaPids = processes().filter((p) => servesPorts(p.args, brokerPorts));
  return {
    postgres: () => {
      if (postmaster === null) return null;
      const family = processes().filter((p) => p.pid === postmaster || p.ppid === postmaster);
      return family.reduce((sum, p) => sum + processCpuSeconds(p.pid), 0);
    },
    kafka: () =>
      kafkaPids.length === 0 ? null : kafkaPids.reduce((sum, p) => sum + processCpuSeconds(p.pid), 0),
  };
}

async function postmasterPid(databaseUrl: string): Promise<number | null> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ setting: string }>(
      `SELECT setting FROM pg_settings WHERE name = 'data_directory'`,
    );
    const pid = Number.parseInt(readFileSync(`${rows[0].setting}/postmaster.pid`, 'utf8').split('\n')[0], 10);
    return Number.isInteger(pid) ? pid : null;
  } finally {
    await db.end();
  }
}

interface ProcessInfo {
  pid: number;
  ppid: number;
  args: string[];
}

function processes(): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: the fields after its last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean);
      found.push({ pid: Number(entry), ppid, args });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** A Kafka broker process whose server.properties listens on one of `ports`. */
function servesPorts(args: string[], ports: string[]): boolean {
  const at = args.indexOf('kafka.Kafka');
  if (at < 0 || !args[at + 1]) return false;
  try {
    const listeners = /^listeners=(.*)$/m.exec(readFileSync(args[at + 1], 'utf8'))?.[1] ?? '';
    return ports.some((port) => new RegExp(`:${port}(,|$)`).test(listeners));
  } catch {
    return false;
  }
}
