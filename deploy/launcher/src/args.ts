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
}

/** Bad command line; the CLI prints the message and the usage and exits with 2. */
export class UsageError extends LauncherError {
  override readonly name: string = 'UsageError';
}

const JSON_COMMANDS: ReadonlySet<Command> = new Set(['up', 'status']);

export const USAGE = `usage: node deploy/launcher/dist/src/cli.js <command> [--json]

commands:
  up [--json]      start (or reuse) Kafka and PostgreSQL, leave them running, exit
  down [kafka] [postgres]
                   stop what the launcher started (all of it, or only the named parts);
                   harmless when nothing runs
  status [--json]  show what runs, and where
  start            up, then run the services in the foreground until Ctrl-C
  help             this text

environment: KAFKA_PORT (9092), EMBEDDED_PG_PORT (54329), DATABASE_URL, CHUISHAO_CACHE_DIR,
  KAFKA_HEAP_OPTS (-Xmx512m), INTAKE_PORT (3001), DISPATCH_PORT (3002), DEPARTMENT_PORT (3003)
`;

function isCommand(value: string): value is Command {
  return (COMMANDS as readonly string[]).includes(value);
}

function isComponent(value: string): value is ComponentName {
  return (COMPONENTS as readonly string[]).includes(value);
}

/** Parses argv without the node binary and script (process.argv.slice(2)). */
export function parseArgs(argv: readonly string[]): CliArgs {
  let command: Command | undefined;
  let json = false;
  const components: ComponentName[] = [];
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') return { command: 'help', json: false, components: [] };
    if (arg === '--json') {
      json = true;
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
  return { command, json, components };
}
