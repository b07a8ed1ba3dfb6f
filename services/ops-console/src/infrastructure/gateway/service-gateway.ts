import type { NextFunction, Request, Response } from 'express';
import { Readable } from 'node:stream';
import type { ForwardedService } from '../../application/console-settings';

/** What the browser may say to a service: its own token, its key, its trace. Nothing else passes. */
const REQUEST_HEADERS = [
  'authorization',
  'content-type',
  'accept',
  'idempotency-key',
  'traceparent',
  'x-request-id',
  'last-event-id',
];
/** What comes back: the body's type and the headers a client acts on. */
const RESPONSE_HEADERS = [
  'content-type',
  'content-disposition',
  'retry-after',
  'cache-control',
  'x-request-id',
  'location',
];

const GATEWAY_PATH = /^\/api\/([a-z-]+)(\/[^?#]*)?(\?.*)?$/;

type RawBodyRequest = Request & { rawBody?: Buffer };

function requestBody(req: RawBodyRequest): Buffer | undefined {
  if (req.method === 'GET' || req.method === 'HEAD') return undefined;
  // A file's bytes (the evidence upload, libs/platform binaryUploadBodies), forwarded as they came.
  if (Buffer.isBuffer(req.body)) return req.body;
  if (req.rawBody) return req.rawBody;
  if (req.body !== undefined && Object.keys(req.body as object).length > 0)
    return Buffer.from(JSON.stringify(req.body));
  return undefined;
}

function forwardedHeaders(req: Request): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of REQUEST_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return headers;
}

/**
 * `/api/<service>/<path>` → `<service URL>/<path>`, with the caller's own Authorization header:
 * the console adds no authority of its own, each service decides who may do what. Express
 * middleware rather than a Nest route, so that none of the console's guards, interceptors
 * (its Idempotency-Key store) or rate limits stand between the browser and the service; answers,
 * Server-Sent Events included, stream through as they come.
 */
export function serviceGateway(urls: Record<ForwardedService, string>) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const match = GATEWAY_PATH.exec(req.originalUrl);
    const base = match ? urls[match[1] as ForwardedService] : undefined;
    if (!match || !base || !Object.hasOwn(urls, match[1])) return next();
    void forward(req, res, match[1], `${base}${match[2] ?? '/'}${match[3] ?? ''}`);
  };
}

async function forward(req: Request, res: Response, service: string, target: string): Promise<void> {
  const abort = new AbortController();
  res.on('close', () => abort.abort());
  let upstream: globalThis.Response;
  try {
    upstream = await fetch(target, {
      method: req.method,
      headers: forwardedHeaders(req),
      body: requestBody(req),
      signal: abort.signal,
      redirect: 'manual',
    });
  } catch {
    if (res.headersSent || abort.signal.aborted) return;
    res
      .status(503)
      .set('retry-after', '5')
      .json({
        statusCode: 503,
        code: 'SERVICE_UNAVAILABLE',
        message: `${service} does not answer; try again shortly`,
      });
    return;
  }
  res.status(upstream.status);
  for (const name of RESPONSE_HEADERS) {
    const value = upstream.headers.get(name);
    if (value !== null) res.setHeader(name, value);
  }
  if (!upstream.body) {
    res.end();
    return;
  }
  res.flushHeaders();
  const body = Readable.fromWeb(upstream.body as import('node:stream/web').ReadableStream);
  body.on('error', () => res.destroy());
  body.pipe(res);
}
