import { tracedServiceName, tracingWanted, withTracesOnlyDefaults } from './tracing-settings';

/**
 * Imported first by every service's main.ts (`import '@chuishao/platform/tracing'`): the
 * instrumentations patch http, express, Nest and pg as they are loaded, so the SDK has to start
 * before any of them is. Without an OTLP endpoint the SDK is not loaded at all.
 */
if (tracingWanted(process.env)) {
  withTracesOnlyDefaults(process.env);
  // Loaded only when wanted: the SDK and its exporters are most of the cost of tracing.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startOpenTelemetry } = require('./otel-sdk') as typeof import('./otel-sdk');
  startOpenTelemetry(tracedServiceName(process.env, process.argv[1]));
}
