import { QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
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
    [
      'a statement after the connection ended under the transaction',
      new QueryRunnerProviderAlreadyReleasedError(),
    ],
    ['a pool timeout', new Error('timeout exceeded when trying to connect')],
    ['a full disk (53100)', Object.assign(new Error('could not extend file'), { code: '53100' })],
    ['out of memory (53200)', Object.assign(new Error('out of memory'), { code: '53200' })],
    [
      'a read-only primary after a failover (25006)',
      Object.assign(new Error('cannot execute INSERT in a read-only transaction'), { code: '25006' }),
    ],
    [
      'a cancelled statement (57014)',
      Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }),
    ],
    [
      'a lock not available (55P03)',
      Object.assign(new Error('canceling statement due to lock timeout'), { code: '55P03' }),
    ],
    ['a deadlock (40P01)', Object.assign(new Error('deadlock detected'), { code: '40P01' })],
    [
      'a serialization failure (40001), wrapped by TypeORM',
      Object.assign(named('QueryFailedError', 'q'), {
        driverError: Object.assign(new Error('could not serialize access'), { code: '40001' }),
      }),
    ],
  ])('%s is transient', (_what, error) => {
    expect(isTransientDatabaseError(error)).toBe(true);
  });

  it.each([
    ['a unique violation (23505)', Object.assign(new Error('duplicate key'), { code: '23505' })],
    ['a syntax error (42601)', Object.assign(new Error('syntax'), { code: '42601' })],
    ['a check violation (23514)', Object.assign(new Error('check'), { code: '23514' })],
    ['a dropped database (57P04)', Object.assign(new Error('x'), { code: '57P04' })],
    ['a business rule', new Error('summons already arrived')],
    ['nothing', undefined],
    ['a string', 'Connection terminated'],
  ])('%s is not', (_what, error) => {
    expect(isTransientDatabaseError(error)).toBe(false);
  });
});
