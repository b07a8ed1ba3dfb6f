// First: OpenTelemetry (when configured) must patch http, express, Nest and pg before they load.
import '@chuishao/platform/tracing';
import 'reflect-metadata';
import { bootstrapService, loadServiceConfig } from '@chuishao/platform';
import { AppModule, DISPATCH_DESCRIPTION } from './app.module';

const config = loadServiceConfig('dispatch', 3002);
bootstrapService(AppModule.forRoot(config), config, DISPATCH_DESCRIPTION).catch((error: unknown) => {
  process.stderr.write(
    `${JSON.stringify({ level: 'error', service: 'dispatch', msg: 'failed to start', error: String(error) })}\n`,
  );
  process.exit(1);
});
