import RequestQueue from 'kafkajs/src/network/requestQueue';
import { version as kafkajsVersion } from 'kafkajs/package.json';

/**
 * kafkajs 2.2.4 keeps every broker connection in a 1 ms timer loop while it is idle
 * (tulios/kafkajs#1556, #1704, #1751; the fixes #1667 and #1768 are not merged, and no release
 * has come since). `RequestQueue.scheduleCheckPendingRequests` arms a timer even when no request
 * is pending and no throttle holds, with a delay of `-1 - Date.now()` (Node 24 warns
 * TimeoutNegativeWarning and waits 1 ms); the timer checks the queue, which arms it again.
 * Measured on an idle service: about 1,700 event-loop wake-ups a second (`strace -c`), and
 * 1.6–1.8 % of a core per service doing nothing.
 *
 * The fix the issue threads agree on: with nothing pending and no throttle in force, schedule
 * nothing. Nothing is lost by it: a request that cannot be sent at once is queued by `push`, which
 * schedules its own check (pending is then not empty), and every answer or timeout re-checks the
 * queue. A throttle still schedules its check for when it ends.
 */
export const PATCHED_KAFKAJS_VERSION = '2.2.4';

const PATCHED = Symbol.for('chuishao.kafkajs-idle-loop');

interface QueueInternals {
  pending: unknown[];
  throttledUntil: number;
}

type Schedule = ((this: QueueInternals) => void) & { [PATCHED]?: true };

/** Patches `queue` (kafkajs' RequestQueue by default) once; answers whether it is patched. */
export function stopIdleRequestQueueLoop(
  queue: { prototype: { scheduleCheckPendingRequests: Schedule } } = RequestQueue,
  version = kafkajsVersion,
): boolean {
  const original = queue.prototype.scheduleCheckPendingRequests;
  if (original[PATCHED]) return true;
  // Another kafkajs may have fixed it, or changed the queue: the patch is reviewed with the bump.
  if (version !== PATCHED_KAFKAJS_VERSION) return false;
  const patched: Schedule = function (this: QueueInternals) {
    if (this.pending.length === 0 && this.throttledUntil <= Date.now()) return;
    original.call(this);
  };
  patched[PATCHED] = true;
  queue.prototype.scheduleCheckPendingRequests = patched;
  return true;
}
