import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * <cacheDir>/launcher-state.json remembers what the launcher itself started, so that `down` stops
 * exactly that and never infrastructure it merely found running (someone else's broker, DATABASE_URL).
 */
export interface KafkaRecord {
  /** The broker's name, or the cluster's (its nodes are <name>-1 ... <name>-<brokers>). */
  name: string;
  /** Set for a cluster of more than one broker; port, controllerPort and stateDir are node 1's. */
  brokers?: number;
  port: number;
  controllerPort: number;
  stateDir: string;
  pid: number;
  startedAt: string;
}

export interface PostgresRecord {
  dataDir: string;
  port: number;
  pid?: number;
  startedAt: string;
}

export interface LauncherState {
  version: 1;
  kafka?: KafkaRecord;
  postgres?: PostgresRecord;
}

export type Component = 'kafka' | 'postgres';

export const STATE_FILE_NAME = 'launcher-state.json';

export function stateFilePath(cacheRoot: string): string {
  return path.join(cacheRoot, STATE_FILE_NAME);
}

export function emptyState(): LauncherState {
  return { version: 1 };
}

/** Validates parsed JSON; anything unrecognisable becomes an empty state (never trust a hand-edited file). */
export function parseState(text: string): LauncherState {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return emptyState();
  }
  if (typeof raw !== 'object' || raw === null) return emptyState();
  const obj = raw as Record<string, unknown>;
  const state = emptyState();
  const kafka = obj.kafka as Record<string, unknown> | undefined;
  if (
    kafka &&
    typeof kafka.name === 'string' &&
    isPort(kafka.port) &&
    isPort(kafka.controllerPort) &&
    typeof kafka.stateDir === 'string' &&
    Number.isInteger(kafka.pid)
  ) {
    state.kafka = {
      name: kafka.name,
      ...(Number.isInteger(kafka.brokers) && (kafka.brokers as number) > 1
        ? { brokers: kafka.brokers as number }
        : {}),
      port: kafka.port,
      controllerPort: kafka.controllerPort,
      stateDir: kafka.stateDir,
      pid: kafka.pid as number,
      startedAt: typeof kafka.startedAt === 'string' ? kafka.startedAt : '',
    };
  }
  const postgres = obj.postgres as Record<string, unknown> | undefined;
  if (postgres && typeof postgres.dataDir === 'string' && isPort(postgres.port)) {
    state.postgres = {
      dataDir: postgres.dataDir,
      port: postgres.port,
      pid: Number.isInteger(postgres.pid) ? (postgres.pid as number) : undefined,
      startedAt: typeof postgres.startedAt === 'string' ? postgres.startedAt : '',
    };
  }
  return state;
}

function isPort(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 65536;
}

export function readState(file: string): LauncherState {
  try {
    return parseState(readFileSync(file, 'utf8'));
  } catch {
    return emptyState();
  }
}

/** Atomic replace (write + rename): a reader never sees half a file, even if we are killed mid-write. */
export function writeState(file: string, state: LauncherState): void {
  if (!state.kafka && !state.postgres) {
    rmSync(file, { force: true });
    return;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(tmp, file);
}

/**
 * Records a component this launcher started. A reuse (started: false) leaves an existing record in
 * place: the second `up` must not make `down` forget the broker the first `up` started.
 */
export function recordStarted(
  state: LauncherState,
  kafka?: KafkaRecord,
  postgres?: PostgresRecord,
): LauncherState {
  return {
    ...state,
    ...(kafka ? { kafka } : {}),
    ...(postgres ? { postgres } : {}),
  };
}

export function forget(state: LauncherState, component: Component): LauncherState {
  const next = { ...state };
  delete next[component];
  return next;
}
