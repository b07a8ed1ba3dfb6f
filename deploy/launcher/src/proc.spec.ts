import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { isAlive, parsePort, portInUse, tailText, withLock } from './proc';

describe('portInUse', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('sees a listener, and a free port as free', async () => {
    server = createServer();
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    expect(await portInUse(port)).toBe(true);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    expect(await portInUse(port)).toBe(false);
  });
});

describe('parsePort', () => {
  it('is undefined when unset or blank and names the variable when invalid', () => {
    expect(parsePort(undefined, 'X')).toBeUndefined();
    expect(parsePort(' ', 'X')).toBeUndefined();
    expect(parsePort('9092', 'X')).toBe(9092);
    expect(() => parsePort('0', 'KAFKA_PORT')).toThrow('KAFKA_PORT=0 is not a valid port');
    expect(() => parsePort('12.5', 'KAFKA_PORT')).toThrow('KAFKA_PORT=12.5');
  });
});

describe('tailText', () => {
  it('keeps the last lines and drops trailing blank lines', () => {
    expect(tailText('a\nb\nc\n\n', 2)).toBe('b\nc');
    expect(tailText('a', 5)).toBe('a');
  });
});

describe('isAlive', () => {
  it('knows this process and rejects nonsense pids', () => {
    expect(isAlive(process.pid)).toBe(true);
    expect(isAlive(0)).toBe(false);
    expect(isAlive(-1)).toBe(false);
    expect(isAlive(2 ** 22 + 12345)).toBe(false);
  });
});

describe('withLock', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'launcher-lock-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the function and releases the lock', async () => {
    const lock = path.join(dir, 'launcher.lock');
    await expect(
      withLock(
        lock,
        async () => 42,
        () => undefined,
      ),
    ).resolves.toBe(42);
    expect(existsSync(lock)).toBe(false);
  });

  it('takes over a lock whose holder is dead', async () => {
    const lock = path.join(dir, 'launcher.lock');
    writeFileSync(lock, String(2 ** 22 + 12345));
    await expect(
      withLock(
        lock,
        async () => 'ok',
        () => undefined,
        2_000,
      ),
    ).resolves.toBe('ok');
  });

  it('waits for a live holder and gives up after the timeout, naming it', async () => {
    const lock = path.join(dir, 'launcher.lock');
    writeFileSync(lock, '1'); // pid 1 is always alive
    const messages: string[] = [];
    await expect(
      withLock(
        lock,
        async () => 'never',
        (m) => messages.push(m),
        300,
      ),
    ).rejects.toThrow('another launcher (pid 1)');
    expect(messages).toEqual(['waiting for another launcher (pid 1) to finish...']);
  });

  it('releases the lock when the function throws', async () => {
    const lock = path.join(dir, 'launcher.lock');
    await expect(
      withLock(
        lock,
        async () => Promise.reject(new Error('boom')),
        () => undefined,
      ),
    ).rejects.toThrow('boom');
    expect(existsSync(lock)).toBe(false);
  });
});
