import { LauncherError } from './proc';

export const COMMANDS = ['up', 'down', 'status', 'start', 'help'] as const;
export type Command = (typeof COMMANDS)[number];

export const COMPONENTS = ['kafka', 'postgres'] as const;
export type ComponentName = (typeof COMPONENTS)[number];

export interface CliArgs {
  command: Command;
  json: boolean;
  /** `down kafka`: only these (empty = everything the launcher started). */
  components: ComponentName[];
  /** `up`/`start --kafka-brokers 3`: a local cluster of that many brokers; undefined: env or 1. */
  kafkaBrokers?: number;
}

/** Bad command line; the CLI prints the message and the usage and exits with 2. */
export class UsageError extends LauncherError {
  override readonly name: string = 'UsageError';
}

const JSON_COMMANDS: ReadonlySet<Command> = new Set(['up', 'status']);
const CLUSTER_COMMANDS: ReadonlySet<Command> = new Set(['up', 'start']);
const MAX_BROKERS = 5;

export const USAGE = `usage: node deploy/launcher/dist/src/cli.js <command> [--json]

commands:
  up [--json] [--kafka-brokers N]
                   start (or reuse) Kafka and PostgreSQL, leave them running, exit;
                   N brokers (1 to 5, default 1) form a local KRaft cluster: with 3, topics
                   get replication factor 3 and min.insync.replicas 2
  down [kafka] [postgres]
                   stop what the launcher started (all of it, or only the named parts);
                   harmless when nothing runs
  status [--json]  show what runs, and where
  start [--kafka-brokers N]
                   up, then run the services in the foreground until Ctrl-C
  help             this text

environment: KAFKA_PORT (9092; broker i of a cluster takes 9092 + 2(i-1)),
  CHUISHAO_KAFKA_BROKERS (1; what --kafka-brokers sets), EMBEDDED_PG_PORT (54329), DATABASE_URL, CHUISHAO_CACHE_DIR,
  KAFKA_HEAP_OPTS (-Xmx512m), INTAKE_PORT (3001), DISPATCH_PORT (3002), DEPARTMENT_PORT (3003)
`;

function isCommand(value: string): value is Command {
  return (COMMANDS as readonly string[]).includes(value);
}

function isComponent(value: string): value is ComponentName {
  return (COMPONENTS as readonly string[]).includes(value);
}

/** A broker count from --kafka-brokers or CHUISHAO_KAFKA_BROKERS: 1 to 5. */
export function parseBrokerCount(value: string | undefined, what: string): number {
  const count = Number(value);
  if (value === undefined || !/^\d+$/.test(value.trim()) || count < 1 || count > MAX_BROKERS) {
    throw new UsageError(`${what} takes a number of brokers from 1 to ${MAX_BROKERS}, not "${value ?? ''}"`);
  }
  return count;
}

/** Parses argv without the node binary and script (process.argv.slice(2)). */
export function parseArgs(argv: readonly string[]): CliArgs {
  let command: Command | undefined;
  let json = false;
  let kafkaBrokers: number | undefined;
  const components: ComponentName[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return { command: 'help', json: false, components: [] };
    if (arg === '--json') {
      json = true;
    } else if (arg === '--kafka-brokers' || arg.startsWith('--kafka-brokers=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      kafkaBrokers = parseBrokerCount(value, '--kafka-brokers');
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option ${arg}`);
    } else if (command === undefined) {
      if (!isCommand(arg)) throw new UsageError(`unknown command "${arg}"`);
      command = arg;
    } else if (command === 'down' && isComponent(arg)) {
      if (!components.includes(arg)) components.push(arg);
    } else {
      throw new UsageError(`unexpected argument "${arg}"`);
    }
  }
  if (command === undefined) throw new UsageError('missing command');
  if (json && !JSON_COMMANDS.has(command)) throw new UsageError(`--json is not supported by "${command}"`);
  if (kafkaBrokers !== undefined && !CLUSTER_COMMANDS.has(command)) {
    throw new UsageError(`--kafka-brokers is not supported by "${command}"`);
  }
  return { command, json, components, ...(kafkaBrokers !== undefined ? { kafkaBrokers } : {}) };
}
