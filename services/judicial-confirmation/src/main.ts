// First: OpenTelemetry (when configured) must patch http, express, Nest and pg before they load.
import '@chuishao/platform/tracing';
import 'reflect-metadata';
import { bootstrapService, loadServiceConfig } from '@chuishao/platform';
import { AppModule, JUDICIAL_CONFIRMATION_DESCRIPTION } from './app.module';

const config = loadServiceConfig('judicial-confirmation', 3006);
bootstrapService(AppModule.forRoot(config), config, JUDICIAL_CONFIRMATION_DESCRIPTION).catch(
  (error: unknown) => {
    process.stderr.write(
      `${JSON.stringify({ level: 'error', service: 'judicial-confirmation', msg: 'failed to start', error: String(error) })}\n`,
    );
    process.exit(1);
  },
);
