import { headers } from './client';

/**
 * Reads a Server-Sent Events stream with fetch (EventSource cannot send the Authorization
 * header) and reconnects with backoff until `stop` is called.
 */
export function openStream(
  path: string,
  onEvent: (event: string, data: unknown) => void,
  onState: (live: boolean) => void = () => {},
): () => void {
  let stopped = false;
  let controller = new AbortController();
  let delay = 500;

  async function readOnce(): Promise<void> {
    const response = await fetch(path, {
      headers: headers({ accept: 'text/event-stream' }),
      signal: controller.signal,
    });
    if (!response.ok || !response.body) throw new Error(`stream ${response.status}`);
    onState(true);
    delay = 500;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const name = /^event: ?(.*)$/m.exec(block)?.[1] ?? 'message';
        const data = [...block.matchAll(/^data: ?(.*)$/gm)].map((m) => m[1]).join('\n');
        if (data) onEvent(name, JSON.parse(data));
      }
    }
  }

  async function loop(): Promise<void> {
    while (!stopped) {
      await readOnce().catch(() => undefined);
      if (stopped) return;
      onState(false);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 10_000);
      controller = new AbortController();
    }
  }
  void loop();
  return () => {
    stopped = true;
    controller.abort();
  };
}
