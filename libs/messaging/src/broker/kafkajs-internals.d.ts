/**
 * kafkajs' table of Kafka protocol errors. Its typings leave it out, but it is the source of the
 * `retriable` flag kafkajs acts on, so kafkajs-log.ts reads it rather than keeping a copy.
 */
declare module 'kafkajs/src/protocol/error' {
  export const errorCodes: ReadonlyArray<{
    type: string;
    code: number;
    retriable: boolean;
    message: string;
  }>;
}

/**
 * kafkajs' queue of requests on one broker connection, patched by kafkajs-idle-loop.ts. Only the
 * members the patch and its test use.
 */
declare module 'kafkajs/src/network/requestQueue' {
  class RequestQueue {
    constructor(options: { logger: { debug: (...args: unknown[]) => void }; maxInFlightRequests?: number });
    pending: unknown[];
    throttledUntil: number;
    throttleCheckTimeoutId: NodeJS.Timeout | null;
    checkPendingRequests(): void;
    scheduleCheckPendingRequests(): void;
  }
  export = RequestQueue;
}
