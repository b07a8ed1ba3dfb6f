/**
 * Whether a service process traces, from the standard OpenTelemetry variables only: tracing
 * starts when an OTLP endpoint is configured (`OTEL_EXPORTER_OTLP_ENDPOINT` or its traces-only
 * form) or an exporter is named explicitly (`OTEL_TRACES_EXPORTER=console`), and never when
 * `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none`. Otherwise the SDK is not even loaded:
 * `npm start` without an endpoint pays nothing for tracing.
 */
export function tracingWanted(env: NodeJS.ProcessEnv): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name.length > 0);
  if (exporters.includes('none')) return false;
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  return Boolean(endpoint) || exporters.length > 0;
}

/**
 * The service name spans are exported under: `OTEL_SERVICE_NAME` when set (one per deployment),
 * else the service directory the process runs from (`services/<name>/dist/src/main.js`, which is
 * how `npm start`, the e2e suites and the container image run each service).
 */
export function tracedServiceName(env: NodeJS.ProcessEnv, entry: string | undefined): string {
  const configured = env.OTEL_SERVICE_NAME?.trim();
  if (configured) return configured;
  const match = entry ? /services[\\/]([^\\/]+)[\\/]dist[\\/]/.exec(entry) : null;
  return match ? match[1] : 'chuishao';
}

/**
 * Only traces go to the OTLP endpoint: metrics are scraped from /metrics by Prometheus and logs
 * are JSON lines on stdout, so the SDK's own default of exporting those too is turned off unless
 * the operator asks for it.
 */
export function withTracesOnlyDefaults(env: NodeJS.ProcessEnv): void {
  env.OTEL_METRICS_EXPORTER ??= 'none';
  env.OTEL_LOGS_EXPORTER ??= 'none';
}
