/**
 * Errors that mean "the database cannot do this now; the same work will succeed later", as
 * opposed to a fault of the work itself. HTTP answers them 503 with Retry-After; a consumer
 * retries them without limit, holding its partition, instead of spending the attempts of a valid
 * event and dead-lettering it.
 *
 * PostgreSQL SQLSTATEs: class 08 (connection exception); 57P01-57P03 (admin shutdown, crash
 * shutdown, cannot connect now); 53300 (too many connections); 53100 and 53200 (disk full, out
 * of memory: an operator frees them); 25006 (read-only transaction: a primary that became a
 * standby in a failover, until the connection finds the new primary); 57014 (statement
 * cancelled: a statement_timeout or an operator's pg_cancel_backend); 55P03 (lock not
 * available: lock_timeout behind another transaction's row lock); 40P01 and 40001 (deadlock and
 * serialization failure: PostgreSQL asks for the transaction to be retried). Also Node socket
 * errors, and what pg / TypeORM throw without a code when a connection dies mid-query or
 * mid-commit.
 */
const TRANSIENT_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '53100',
  '53200',
  '25006',
  '57014',
  '55P03',
  '40P01',
  '40001',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// A TypeORM query runner lets its connection go when the connection emits an error (the server
// ended it); the transaction's next statement then throws QueryRunnerProviderAlreadyReleasedError.
// Seen in the fault suite: a whistle blown as PostgreSQL stopped answered 500.
const TRANSIENT_NAMES = new Set([
  'QueryRunnerAlreadyReleasedError',
  'QueryRunnerProviderAlreadyReleasedError',
  'ConnectionIsNotSetError',
]);
const TRANSIENT_MESSAGES =
  /connection terminated|terminating connection|connection (?:is )?closed|timeout exceeded when trying to connect|client has encountered a connection error|the database system is (?:starting up|shutting down|in recovery mode)|read ECONNRESET|connect ECONNREFUSED/i;

export function isTransientDatabaseError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 3) return false;
  const { code, name, message, driverError, cause } = error as {
    code?: unknown;
    name?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
  };
  if (typeof code === 'string' && (code.startsWith('08') || TRANSIENT_CODES.has(code))) return true;
  if (typeof name === 'string' && TRANSIENT_NAMES.has(name)) return true;
  if (typeof message === 'string' && TRANSIENT_MESSAGES.test(message)) return true;
  // TypeORM wraps the driver's error (QueryFailedError.driverError); Node wraps with `cause`.
  return isTransientDatabaseError(driverError, depth + 1) || isTransientDatabaseError(cause, depth + 1);
}
