import { tracedServiceName, tracingWanted, withTracesOnlyDefaults } from './tracing-settings';

describe('tracing settings (the standard OTEL_* variables)', () => {
  it('is off without an endpoint or exporter: npm start loads no SDK', () => {
    expect(tracingWanted({})).toBe(false);
    expect(tracingWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' })).toBe(false);
    expect(tracingWanted({ OTEL_SERVICE_NAME: 'intake', OTEL_TRACES_SAMPLER: 'always_on' })).toBe(false);
  });

  it('is on with an OTLP endpoint (general or traces-only) or an exporter named', () => {
    expect(tracingWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingWanted({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(
      true,
    );
    expect(tracingWanted({ OTEL_TRACES_EXPORTER: 'console' })).toBe(true);
  });

  it('stays off when the SDK is disabled or the exporter is none, endpoint or not', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(tracingWanted({ ...endpoint, OTEL_SDK_DISABLED: 'TRUE' })).toBe(false);
    expect(tracingWanted({ ...endpoint, OTEL_TRACES_EXPORTER: 'none' })).toBe(false);
    expect(tracingWanted({ ...endpoint, OTEL_SDK_DISABLED: 'false' })).toBe(true);
  });

  it('names the service from OTEL_SERVICE_NAME, else from the directory it runs from', () => {
    expect(
      tracedServiceName({ OTEL_SERVICE_NAME: 'dispatch-eu' }, '/app/services/dispatch/dist/src/main.js'),
    ).toBe('dispatch-eu');
    expect(tracedServiceName({}, '/app/services/sla-timer/dist/src/main.js')).toBe('sla-timer');
    expect(tracedServiceName({}, 'C:\\app\\services\\intake\\dist\\src\\main.js')).toBe('intake');
    expect(tracedServiceName({}, undefined)).toBe('chuishao');
  });

  it('exports traces only, unless metrics or logs exporters are asked for', () => {
    const env: NodeJS.ProcessEnv = { OTEL_LOGS_EXPORTER: 'otlp' };
    withTracesOnlyDefaults(env);
    expect(env).toEqual({ OTEL_LOGS_EXPORTER: 'otlp', OTEL_METRICS_EXPORTER: 'none' });
  });
});
