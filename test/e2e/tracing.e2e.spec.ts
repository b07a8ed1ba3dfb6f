import { as, http, waitFor } from '@chuishao/testing';
import { readFileSync } from 'node:fs';
import { ANLIZHA_CASE, clerk, ok, operator } from './api';
import { OtlpReceiver, SPAN_KIND, type ReceivedSpan } from './observability/otlp-receiver';
import { startSystem, type RunningSystem } from './system';

/** The caller's trace: the whistle's POST continues it, and so does everything it causes. */
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN_ID = '00f067aa0ba902b7';
const CONSUMERS = ['intake', 'department', 'sla-timer'] as const;
const ops = as({ role: 'ops', subject: 'ops-tracing' });

describe('tracing: one whistle is one OpenTelemetry trace across the services (OTLP over HTTP/JSON)', () => {
  const receiver = new OtlpReceiver();
  let system: RunningSystem;
  let endpoint: string;

  beforeAll(async () => {
    endpoint = await receiver.start();
    system = await startSystem({
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_TRACES_SAMPLER: 'parentbased_always_on',
        // Export within a fraction of a second rather than the default 5 s.
        OTEL_BSP_SCHEDULE_DELAY: '100',
      },
    });
  });

  afterAll(async () => {
    await system?.stop();
    await receiver.stop();
  });

  const find = (spans: ReceivedSpan[], service: string, kind: number, name: RegExp) =>
    spans.find((s) => s.service === service && s.kind === kind && name.test(s.name));

  /** The span and its ancestors within `spans`, nearest first. */
  const ancestry = (spans: ReceivedSpan[], span: ReceivedSpan): ReceivedSpan[] => {
    const chain = [span];
    for (let at = span; at.parentSpanId;) {
      const parent = spans.find((s) => s.spanId === at.parentSpanId);
      if (!parent || chain.includes(parent)) break;
      chain.push(parent);
      at = parent;
    }
    return chain;
  };

  it('the POST, the relay send and each consumer transaction share one trace, each the child of what caused it', async () => {
    // The traffic police's webhook points at the receiver: its delivery belongs to the trace too.
    await ok(
      system.urls.department,
      'PUT',
      '/departments/ganzhou-traffic-police/webhook',
      { url: `${endpoint}/traffic-police`, secret: 'a-webhook-secret-for-tracing' },
      ops,
    );
    const registered = await ok(system.urls.intake, 'POST', '/cases', ANLIZHA_CASE, clerk);
    await waitFor(
      'dispatch to learn of the case',
      async () =>
        (await http(system.urls.dispatch, 'GET', `/cases/${registered.id}/whistles`, undefined, operator))
          .status === 200,
    );
    const response = await http(
      system.urls.dispatch,
      'POST',
      `/cases/${registered.id}/whistles`,
      {},
      {
        ...operator,
        'idempotency-key': `traced-whistle-${registered.id}`,
        traceparent: `00-${TRACE_ID}-${CALLER_SPAN_ID}-01`,
      },
    );
    expect(response.status).toBe(201);
    expect(response.headers.get('x-trace-id')).toBe(TRACE_ID);

    // Each service exports its spans in its own batches: wait for dispatch's POST and send as well
    // as every consumer's (a clean-clone CI run once read the trace before dispatch's send arrived).
    const trace = await waitFor(
      'dispatch and every consumer of WhistleBlown to export their spans',
      async () => {
        const spans = receiver.inTrace(TRACE_ID);
        const consumed = CONSUMERS.every((service) =>
          find(spans, service, SPAN_KIND.consumer, /^WhistleBlown process$/),
        );
        const sent =
          find(spans, 'dispatch', SPAN_KIND.server, /^POST/) &&
          find(spans, 'dispatch', SPAN_KIND.producer, /^WhistleBlown send$/);
        return consumed && sent ? spans : undefined;
      },
    );

    // dispatch: the POST continues the caller's trace, and the event is sent in a child of it.
    const post = find(trace, 'dispatch', SPAN_KIND.server, /^POST/);
    expect(post?.parentSpanId).toBe(CALLER_SPAN_ID);
    const send = find(trace, 'dispatch', SPAN_KIND.producer, /^WhistleBlown send$/)!;
    expect(send).toBeDefined();
    expect(ancestry(trace, send)).toContain(post);
    expect(send.attributes['messaging.destination.name']).toBe(system.topic('whistles'));

    // Each consumer's transaction is the child of that send, through the Kafka traceparent header,
    // and its statements (pg) are children of the transaction's span.
    for (const service of CONSUMERS) {
      const processed = find(trace, service, SPAN_KIND.consumer, /^WhistleBlown process$/)!;
      expect({ service, parent: processed.parentSpanId }).toEqual({ service, parent: send.spanId });
      const statement = trace.find(
        (s) => s.service === service && s.kind === SPAN_KIND.client && s.parentSpanId === processed.spanId,
      );
      expect({
        service,
        statement: statement?.attributes['db.system.name'] ?? statement?.attributes['db.system'],
      }).toEqual({ service, statement: 'postgresql' });
    }
    // The webhook delivery, made later by the department's delivery worker, continues the trace
    // of the consumer that planned it, and passes it on to the receiver.
    const delivery = await waitFor('the webhook delivery span', async () =>
      find(receiver.inTrace(TRACE_ID), 'department', SPAN_KIND.internal, /^notification deliver webhook$/),
    );
    const planned = find(trace, 'department', SPAN_KIND.consumer, /^WhistleBlown process$/)!;
    expect(delivery.parentSpanId).toBe(planned.spanId);
    const webhookPost = await waitFor('the webhook POST span', async () =>
      receiver
        .inTrace(TRACE_ID)
        .find((s) => s.kind === SPAN_KIND.client && s.parentSpanId === delivery.spanId),
    );
    const received = receiver.otherPosts.find((p) => p.url === '/traffic-police');
    expect(received?.headers.traceparent).toBe(`00-${TRACE_ID}-${webhookPost.spanId}-01`);
    expect(new Set(trace.map((s) => s.service))).toEqual(
      new Set(['dispatch', 'intake', 'department', 'sla-timer']),
    );
  });

  it('log lines carry the trace and span of the active span', async () => {
    const spans = receiver.inTrace(TRACE_ID);
    const line = await waitFor("dispatch's log line of the whistle's POST", async () =>
      readFileSync(system.logFiles.dispatch, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find(
          (entry) => entry.traceId === TRACE_ID && entry.msg === 'http request' && entry.method === 'POST',
        ),
    );
    expect(line.spanId).toBe(find(spans, 'dispatch', SPAN_KIND.server, /^POST/)?.spanId);
  });
});
