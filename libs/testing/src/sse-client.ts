import { request } from 'node:http';
import { http } from './service-harness';

export interface StreamedEvent {
  id: string;
  event: string;
  data: Record<string, unknown>;
}

/**
 * Reads a Server-Sent Events stream as a browser would (over plain HTTP/1.1, one socket of its
 * own): every event it got, the answer's status, the body of a refusal, and whether the server
 * has ended the stream.
 */
export class SseClient {
  readonly events: StreamedEvent[] = [];
  status: number | null = null;
  /** The server ended the answer (a refusal's body, or a stream it closed). */
  ended = false;
  /** The raw body of a non-stream answer (a refusal's JSON). */
  body = '';
  private buffer = '';
  private req: ReturnType<typeof request> | null = null;

  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  open(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.req = request(this.url, { headers: { accept: 'text/event-stream', ...this.headers } }, (res) => {
        this.status = res.statusCode ?? null;
        res.setEncoding('utf8');
        const stream = /event-stream/.test(String(res.headers['content-type']));
        res.on('data', (chunk: string) => (stream ? this.feed(chunk) : (this.body += chunk)));
        res.on('end', () => (this.ended = true));
        res.on('close', () => (this.ended = true));
        res.on('error', () => undefined);
        resolve(this.status ?? 0);
      });
      this.req.on('error', (error) => (this.status === null ? reject(error) : undefined));
      this.req.end();
    });
  }

  close(): void {
    this.req?.destroy();
  }

  get lastEventId(): string | undefined {
    return this.events.at(-1)?.id;
  }

  private feed(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const fields: Record<string, string> = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        if (colon < 0) continue;
        fields[line.slice(0, colon)] = line.slice(colon + 1).replace(/^ /, '');
      }
      if (fields.data !== undefined)
        this.events.push({ id: fields.id, event: fields.event ?? 'message', data: JSON.parse(fields.data) });
    }
  }
}

/** A single-use stream ticket from `POST <ticketPath>` for the caller of `headers`. */
export async function streamTicket(
  baseUrl: string,
  ticketPath: string,
  headers: Record<string, string>,
): Promise<string> {
  const answer = await http(baseUrl, 'POST', ticketPath, undefined, headers);
  if (answer.status !== 201)
    throw new Error(`stream ticket refused: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.ticket as string;
}
