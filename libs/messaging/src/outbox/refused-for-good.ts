/**
 * Kafka's answers that no retry can change for this record: it is larger than the topic or the
 * broker accepts (MESSAGE_TOO_LARGE, 10; RECORD_LIST_TOO_LARGE, 18) or it is invalid
 * (INVALID_RECORD, 87). kafkajs puts the protocol error's `type` on the error or on its cause.
 */
const REFUSED_FOR_GOOD = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE', 'INVALID_RECORD']);

export function isRefusedForGood(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 3) return false;
  const { type, cause, originalError } = error as {
    type?: unknown;
    cause?: unknown;
    originalError?: unknown;
  };
  if (typeof type === 'string' && REFUSED_FOR_GOOD.has(type)) return true;
  return isRefusedForGood(cause, depth + 1) || isRefusedForGood(originalError, depth + 1);
}
