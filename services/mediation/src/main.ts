// First: OpenTelemetry (when configured) must patch http, express, Nest and pg before they load.
import '@chuishao/platform/tracing';
import 'reflect-metadata';
import { bootstrapService, loadServiceConfig } from '@chuishao/platform';
import { AppModule, MEDIATION_DESCRIPTION } from './app.module';

const config = loadServiceConfig('mediation', 3005);
bootstrapService(AppModule.forRoot(config), config, MEDIATION_DESCRIPTION).catch((error: unknown) => {
  process.stderr.write(
    `${JSON.stringify({ level: 'error', service: 'mediation', msg: 'failed to start', error: String(error) })}\n`,
  );
  process.exit(1);
});
