import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serverErrorsLogged } from './server-error-logs';

const line = (fields: Record<string, unknown>) =>
  JSON.stringify({ level: 'error', msg: 'request failed', method: 'POST', path: '/x', ...fields });

describe('the 500s a run logged', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'fault-logs-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the run’s own logs, since the scenario started, 500s only, oldest first', () => {
    const error = { message: 'boom', stack: 'TypeError: boom\n    at a\n    at b' };
    writeFileSync(
      path.join(dir, 'faultsabc-dispatch-1.log'),
      [
        line({ service: 'dispatch', time: '2026-12-07T10:00:05.000Z', status: 500, error }),
        line({ service: 'dispatch', time: '2026-12-07T10:00:01.000Z', status: 500, error: 'first' }),
        line({ service: 'dispatch', time: '2026-12-07T09:59:00.000Z', status: 500, error: 'before' }),
        line({ service: 'dispatch', time: '2026-12-07T10:00:02.000Z', status: 503, error: 'down' }),
        'not json "request failed" "status":500',
      ].join('\n'),
    );
    writeFileSync(
      path.join(dir, 'faultsxyz-dispatch-1.log'),
      line({ service: 'dispatch', time: '2026-12-07T10:00:03.000Z', status: 500, error: 'another run' }),
    );

    const logged = serverErrorsLogged(dir, 'faultsabc', Date.parse('2026-12-07T10:00:00.000Z'));

    expect(logged.map((l) => l.error)).toEqual(['first', 'TypeError: boom\n    at a\n    at b']);
    expect(logged[0]).toMatchObject({ service: 'dispatch', method: 'POST', path: '/x' });
  });
});
