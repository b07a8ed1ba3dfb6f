import { PATTERN_EXTRAS_METADATA } from '@nestjs/microservices/constants';

/**
 * The mark of a handler that writes only through collectors (TransactionHost.collectIntoStatement),
 * as a projection's does: `@EventPattern(CaseRegistered.type, COLLECTS_ITS_WRITES)`. A consumed
 * batch whose every event has only such handlers is tried as ONE statement with its inbox rows
 * (Inbox.handleBatchOnce, `asOneStatement`), no transaction. The mark sits on the handler, where
 * its writes are. A handler marked that asks for more after all (the manager, a hook) is refused,
 * having sent nothing, and the batch runs again in a transaction: a wrong mark costs a wasted run
 * of the handlers, never a wrong write.
 */
export const COLLECTS_ITS_WRITES: Readonly<Record<string, unknown>> = Object.freeze({ writes: 'collected' });

const marked = (extras: Record<string, unknown> | undefined) => extras?.writes === COLLECTS_ITS_WRITES.writes;

/** Whether every one of an event type's handlers (Nest's, as the transport holds them) is marked. */
export function allCollectTheirWrites(
  handlers: ReadonlyArray<{ extras?: Record<string, unknown> }>,
): boolean {
  return handlers.length > 0 && handlers.every((handler) => marked(handler.extras));
}

/** Whether a controller's method carries the mark (for tests that run a handler themselves). */
export function methodCollectsItsWrites(method: object): boolean {
  return marked(Reflect.getMetadata(PATTERN_EXTRAS_METADATA, method) as Record<string, unknown> | undefined);
}
