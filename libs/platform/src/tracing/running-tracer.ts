/** The running tracing SDK, if this process started one; its spans are flushed at shutdown. */
interface Flushable {
  shutdown(): Promise<void>;
}

let running: Flushable | null = null;

export function setRunningTracer(sdk: Flushable): void {
  running = sdk;
}

/** Exports the spans still buffered and stops the SDK; nothing to do when tracing is off. */
export async function shutdownTracing(): Promise<void> {
  const sdk = running;
  running = null;
  await sdk?.shutdown().catch(() => undefined);
}
