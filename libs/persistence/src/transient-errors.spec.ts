import { isTransientDatabaseError } from './transient-errors';

describe('isTransientDatabaseError', () => {
  const named = (name: string, message = '') => Object.assign(new Error(message), { name });

  it.each([
    ['a connection exception (SQLSTATE 08006)', Object.assign(new Error('x'), { code: '08006' })],
    ['an admin shutdown (57P01)', Object.assign(new Error('x'), { code: '57P01' })],
    ['cannot connect now (57P03)', Object.assign(new Error('x'), { code: '57P03' })],
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    ],
    ['a reset socket', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['pg losing its connection mid-query (no code)', new Error('Connection terminated unexpectedly')],
    [
      'TypeORM wrapping it',
      Object.assign(named('QueryFailedError', 'q'), { driverError: new Error('Connection terminated') }),
    ],
    ['a commit on a dead connection', named('QueryRunnerAlreadyReleasedError', 'released')],
    ['a pool timeout', new Error('timeout exceeded when trying to connect')],
  ])('%s is transient', (_what, error) => {
    expect(isTransientDatabaseError(error)).toBe(true);
  });

  it.each([
    ['a unique violation (23505)', Object.assign(new Error('duplicate key'), { code: '23505' })],
    ['a syntax error (42601)', Object.assign(new Error('syntax'), { code: '42601' })],
    ['a business rule', new Error('summons already arrived')],
    ['nothing', undefined],
    ['a string', 'Connection terminated'],
  ])('%s is not', (_what, error) => {
    expect(isTransientDatabaseError(error)).toBe(false);
  });
});
