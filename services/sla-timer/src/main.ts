// First: OpenTelemetry (when configured) must patch http, express, Nest and pg before they load.
import '@chuishao/platform/tracing';
import 'reflect-metadata';
import { bootstrapService, loadServiceConfig } from '@chuishao/platform';
import { AppModule, SLA_TIMER_DESCRIPTION } from './app.module';

const config = loadServiceConfig('sla-timer', 3004);
bootstrapService(AppModule.forRoot(config), config, SLA_TIMER_DESCRIPTION).catch((error: unknown) => {
  process.stderr.write(
    `${JSON.stringify({ level: 'error', service: 'sla-timer', msg: 'failed to start', error: String(error) })}\n`,
  );
  process.exit(1);
});
