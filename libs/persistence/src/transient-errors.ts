/**
 * Errors that mean "the database (or the network to it) went away; the same work will succeed
 * later", as opposed to a fault of the work itself. HTTP answers them 503 with Retry-After; a
 * consumer retries them without limit instead of dead-lettering a valid event.
 *
 * PostgreSQL SQLSTATE classes 08 (connection exception), 57P01-57P03 (admin shutdown, crash
 * shutdown, cannot connect now), 53300 (too many connections); Node socket errors; and what pg /
 * TypeORM throw without a code when a connection dies mid-query or mid-commit.
 */
const TRANSIENT_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '53300',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const TRANSIENT_NAMES = new Set(['QueryRunnerAlreadyReleasedError', 'ConnectionIsNotSetError']);
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
