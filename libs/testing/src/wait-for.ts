import { Inbox } from '@chuishao/messaging';
import type { RunningService } from './service-harness';

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Waits until `probe` returns something other than undefined, null or false, and returns it.
 * Tests wait on a condition with a deadline, never on a fixed sleep; on timeout the error says
 * what was awaited and what the probe last saw.
 */
export async function waitFor<T>(
  description: string,
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  options: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30000);
  const interval = options.intervalMs ?? 100;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value as T;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const detail = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(
        `timed out after ${options.timeoutMs ?? 30000} ms waiting for ${description} (last: ${detail})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/**
 * Waits until `service` has committed its handling of the event `eventId` (its inbox transaction),
 * or rejects naming the event after `timeoutMs`. The point to wait for after publishing an event,
 * instead of polling a table until its effect shows (emmett's `whenProcessed`); a redelivered or
 * already-handled event resolves at once.
 */
export function whenHandled(
  service: Pick<RunningService, 'app'>,
  eventId: string,
  timeoutMs = 30_000,
): Promise<void> {
  return service.app.get(Inbox).whenHandled(eventId, timeoutMs);
}
