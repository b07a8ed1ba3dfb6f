import { api, type Service } from './client';

export interface StreamSource {
  /** Whose ticket endpoint (`POST /stream-tickets`) and stream these are. */
  service: Service;
  /** The stream's path within the service, e.g. `/board/stream`. */
  path: string;
  /** The SSE event names to listen to (EventSource only reports named events one by one). */
  events: readonly string[];
}

const streamUrl = (source: StreamSource) =>
  source.service === 'console' ? `/api${source.path}` : `/api/${source.service}${source.path}`;

/**
 * Reads a Server-Sent Events stream with EventSource. The bearer token never goes into the URL:
 * each connection first trades it for a single-use ticket (POST …/stream-tickets, token in the
 * Authorization header) and opens the stream with `?ticket=`. A spent ticket cannot reconnect,
 * so on any drop (the server ends a stream when its token expires) the stream is reopened with a
 * new ticket, with backoff, resuming after the last event id, until `stop` is called. A ticket
 * refused for an expired token sends the person back to sign-in (api()).
 */
export function openStream(
  source: StreamSource,
  onEvent: (event: string, data: unknown) => void,
  onState: (live: boolean) => void = () => {},
): () => void {
  let stopped = false;
  let current: EventSource | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let delay = 500;
  let lastEventId = '';

  const reopen = () => {
    onState(false);
    retry = setTimeout(() => void connect(), delay);
    delay = Math.min(delay * 2, 10_000);
  };

  async function connect(): Promise<void> {
    if (stopped) return;
    let ticket: string;
    try {
      ticket = (await api<{ ticket: string }>(source.service, '/stream-tickets', { method: 'POST' })).ticket;
    } catch {
      return reopen();
    }
    if (stopped) return;
    const query = new URLSearchParams({ ticket, ...(lastEventId ? { lastEventId } : {}) });
    const events = new EventSource(`${streamUrl(source)}?${query}`);
    current = events;
    events.onopen = () => {
      delay = 500;
      onState(true);
    };
    events.onerror = () => {
      events.close();
      if (current === events && !stopped) reopen();
    };
    for (const name of source.events) {
      events.addEventListener(name, (message) => {
        if (message.lastEventId) lastEventId = message.lastEventId;
        onEvent(name, JSON.parse(message.data as string));
      });
    }
  }

  void connect();
  return () => {
    stopped = true;
    clearTimeout(retry);
    current?.close();
  };
}
