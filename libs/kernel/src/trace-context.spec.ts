import {
  annotateTraceContext,
  currentTraceContext,
  runInTraceContext,
  traceContextFrom,
  traceparentOf,
} from './trace-context';

describe('trace context', () => {
  it('continues the trace of a valid traceparent with a span of its own', () => {
    const parent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const context = traceContextFrom(parent, { requestId: 'r-1' });
    expect(context.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(context.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(context.spanId).not.toBe('00f067aa0ba902b7');
    expect(traceparentOf(context)).toBe(`00-4bf92f3577b34da6a3ce929d0e0e4736-${context.spanId}-01`);
  });

  it('starts a new trace for a missing, malformed or all-zero traceparent', () => {
    for (const header of [undefined, 'garbage', '00-00000000000000000000000000000000-00f067aa0ba902b7-01']) {
      expect(traceContextFrom(header).traceId).toMatch(/^(?!0+$)[0-9a-f]{32}$/);
    }
  });

  it('never makes ids with a digit run that the personal-data scrubbers would take for a phone', () => {
    for (let i = 0; i < 2000; i++) {
      const { traceId, spanId } = traceContextFrom(undefined);
      expect(`${traceId}-${spanId}`).not.toMatch(/\d{11}/);
    }
  });

  it('is visible, and can be annotated, only inside its unit of work', () => {
    expect(currentTraceContext()).toBeUndefined();
    runInTraceContext(traceContextFrom(undefined), () => {
      annotateTraceContext({ caseId: 'c-1' });
      expect(currentTraceContext()?.caseId).toBe('c-1');
    });
    expect(currentTraceContext()).toBeUndefined();
  });
});
