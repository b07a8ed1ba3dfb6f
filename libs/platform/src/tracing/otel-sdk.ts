import { newSpanId, newTraceId } from '@chuishao/kernel';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { setRunningTracer } from './running-tracer';

/** Probes and scrapes would be most of the spans and tell nothing about a case. */
const UNTRACED_PATHS = /^\/(health|metrics)(\/|$|\?)/;

/**
 * The OpenTelemetry Node SDK with the instrumentations this stack needs: incoming and outgoing
 * HTTP (requests, webhook deliveries, the court's calls), express and Nest (middleware and
 * handler spans), pg (every statement). Kafka spans are the messaging library's own
 * (libs/messaging message-spans.ts). Exporter, protocol, endpoint, sampler and batching come from
 * the standard OTEL_* variables, read by the SDK itself.
 */
export function startOpenTelemetry(serviceName: string): void {
  const sdk = new NodeSDK({
    serviceName,
    // The kernel's ids: never a run of digits a personal-data scrubber would take for a phone.
    idGenerator: { generateTraceId: newTraceId, generateSpanId: newSpanId },
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.test(request.url ?? ''),
      }),
      new ExpressInstrumentation(),
      new NestInstrumentation(),
      // Only statements inside a traced unit of work: the relay's and workers' polls stay out.
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  setRunningTracer(sdk);
}
