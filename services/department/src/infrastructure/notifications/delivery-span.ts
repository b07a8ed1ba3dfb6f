import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { DeliveryOutcome } from './channels';

const tracer = trace.getTracer('@chuishao/department');

/**
 * One delivery attempt as a span of the trace the notification was planned in (the traceparent
 * stored with it): the webhook POST (traced by the HTTP instrumentation, which also passes the
 * trace on to the receiver) or the SMS gateway call is its child. A no-op without a tracing SDK.
 */
export async function inDeliverySpan<O extends DeliveryOutcome>(
  row: { id: string; channel: string; attempts: number; traceparent: string | null },
  deliver: () => Promise<O>,
): Promise<O> {
  const parent = row.traceparent
    ? propagation.extract(ROOT_CONTEXT, { traceparent: row.traceparent })
    : ROOT_CONTEXT;
  const span = tracer.startSpan(
    `notification deliver ${row.channel}`,
    {
      kind: SpanKind.INTERNAL,
      attributes: { 'chuishao.delivery.id': row.id, 'chuishao.delivery.attempt': row.attempts + 1 },
    },
    parent,
  );
  if (!span.isRecording()) return deliver();
  try {
    const outcome = await context.with(trace.setSpan(parent, span), deliver);
    if (outcome.statusCode !== null) span.setAttribute('http.response.status_code', outcome.statusCode);
    if (!outcome.ok) span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.error ?? 'failed' });
    return outcome;
  } catch (error) {
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.message : String(error),
    });
    throw error;
  } finally {
    span.end();
  }
}
