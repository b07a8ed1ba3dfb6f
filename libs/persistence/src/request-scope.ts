import { AsyncLocalStorage } from 'node:async_hooks';

/** What the audit trail needs to know about the HTTP request behind a change, if there is one. */
export interface RequestScope {
  requestId: string;
  idempotencyKey: string | null;
}

const storage = new AsyncLocalStorage<RequestScope>();

/** Runs `work` (an HTTP request's handling) with its scope visible to everything it calls. */
export function runInRequestScope<T>(scope: RequestScope, work: () => T): T {
  return storage.run(scope, work);
}

/** The current request's scope; undefined for work caused by a Kafka event or a timer. */
export function currentRequestScope(): RequestScope | undefined {
  return storage.getStore();
}
