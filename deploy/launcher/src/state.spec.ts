import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  emptyState,
  forget,
  parseState,
  readState,
  recordStarted,
  stateFilePath,
  writeState,
  type KafkaRecord,
  type PostgresRecord,
} from './state';

const kafka: KafkaRecord = {
  name: 'kafka',
  port: 9092,
  controllerPort: 9093,
  stateDir: '/c/kafka/kafka',
  pid: 100,
  startedAt: '2025-01-01T00:00:00.000Z',
};
const postgres: PostgresRecord = {
  dataDir: '/c/postgres/data',
  port: 54329,
  pid: 200,
  startedAt: '2025-01-01T00:00:00.000Z',
};

describe('state file', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'launcher-state-'));
    file = stateFilePath(dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lives at <cacheDir>/launcher-state.json', () => {
    expect(file).toBe(path.join(dir, 'launcher-state.json'));
  });

  it('reads as empty when missing', () => {
    expect(readState(file)).toEqual(emptyState());
  });

  it('round-trips what was started', () => {
    writeState(file, recordStarted(emptyState(), kafka, postgres));
    expect(readState(file)).toEqual({ version: 1, kafka, postgres });
    expect(readFileSync(file, 'utf8').endsWith('\n')).toBe(true);
  });

  it('is deleted once nothing is recorded', () => {
    writeState(file, recordStarted(emptyState(), kafka));
    writeState(file, forget(readState(file), 'kafka'));
    expect(existsSync(file)).toBe(false);
  });

  it('leaves no temporary file behind', () => {
    writeState(file, recordStarted(emptyState(), undefined, postgres));
    expect(existsSync(`${file}.${process.pid}.tmp`)).toBe(false);
  });

  it('treats a corrupt file as empty instead of failing', () => {
    writeFileSync(file, '{ not json');
    expect(readState(file)).toEqual(emptyState());
  });
});

describe('recordStarted / forget', () => {
  it('keeps an earlier record when a later run only reused (passes nothing)', () => {
    const first = recordStarted(emptyState(), kafka, postgres);
    expect(recordStarted(first, undefined, undefined)).toEqual(first);
  });

  it('replaces a record when the component was started again', () => {
    const restarted = { ...kafka, pid: 101 };
    expect(recordStarted(recordStarted(emptyState(), kafka), restarted).kafka).toEqual(restarted);
  });

  it('forget removes one component and does not mutate the input', () => {
    const both = recordStarted(emptyState(), kafka, postgres);
    const onlyPg = forget(both, 'kafka');
    expect(onlyPg).toEqual({ version: 1, postgres });
    expect(both.kafka).toEqual(kafka);
  });
});

describe('parseState', () => {
  it('drops records with missing or invalid fields', () => {
    const parsed = parseState(
      JSON.stringify({
        version: 1,
        kafka: { ...kafka, port: 'x' },
        postgres: { dataDir: '/d', port: 70000 },
      }),
    );
    expect(parsed).toEqual(emptyState());
  });

  it('accepts a postgres record without pid', () => {
    const { pid: _pid, ...noPid } = postgres;
    expect(parseState(JSON.stringify({ version: 1, postgres: noPid })).postgres).toEqual({
      ...noPid,
      pid: undefined,
    });
  });

  it('ignores non-object JSON', () => {
    expect(parseState('[]')).toEqual(emptyState());
    expect(parseState('null')).toEqual(emptyState());
  });
});
