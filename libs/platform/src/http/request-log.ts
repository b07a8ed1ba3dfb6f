import { runInTraceContext, traceContextHere, uuidv7, type Logger } from '@chuishao/kernel';
import { runInRequestScope } from '@chuishao/persistence';
import type { ServiceMetrics } from '../metrics';
import type { NextFunction, Request, Response } from 'express';

/**
 * Gives every request an id (X-Request-Id, echoed back), opens its request scope for the audit
 * trail, and logs one JSON line when it ends.
 * Only the route pattern is logged, never the query string or body, which may hold personal data.
 */
export function requestLog(logger: Logger, metrics?: ServiceMetrics) {
  return (request: Request, response: Response, next: NextFunction) => {
    const incoming = request.headers['x-request-id'];
    const id = typeof incoming === 'string' && /^[\w-]{1,100}$/.test(incoming) ? incoming : uuidv7();
    (request as Request & { id: string }).id = id;
    response.setHeader('X-Request-Id', id);
    const started = process.hrtime.bigint();
    response.on('finish', () => {
      const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // Route patterns only (never raw paths), so the label set stays small and holds no ids.
      metrics?.httpRequestDuration.observe(
        { method: request.method, route, status: String(response.statusCode) },
        seconds,
      );
      if (request.path.startsWith('/health') || request.path === '/metrics') return;
      // Changes and failures at info; successful reads (the console's polling, inbox reads) at
      // debug, so the hot path does not write a line per request.
      const quiet = (request.method === 'GET' || request.method === 'HEAD') && response.statusCode < 400;
      (quiet ? logger.debug.bind(logger) : logger.info.bind(logger))('http request', {
        requestId: id,
        method: request.method,
        route: (request.route as { path?: string } | undefined)?.path ?? request.path,
        status: response.statusCode,
        durationMs: Number(process.hrtime.bigint() - started) / 1e6,
      });
    });
    const key = request.headers['idempotency-key'];
    const traceparent = request.headers.traceparent;
    const correlation = request.headers['x-correlation-id'];
    // Continues the caller's W3C trace (or starts one): OpenTelemetry's HTTP server span when
    // tracing runs, which has read the same header. Every log line and event of the request
    // carries it, and the events carry it on to the services that consume them.
    const trace = traceContextHere(typeof traceparent === 'string' ? traceparent : undefined, {
      requestId: id,
      ...(typeof correlation === 'string' && correlation.length <= 200 ? { correlationId: correlation } : {}),
    });
    response.setHeader('X-Trace-Id', trace.traceId);
    // The rest of the request runs inside its scope, so the audit trail can name it.
    runInTraceContext(trace, () =>
      runInRequestScope(
        { requestId: id, idempotencyKey: typeof key === 'string' ? key.slice(0, 200) : null },
        next,
      ),
    );
  };
}
