// First: OpenTelemetry (when configured) must patch http, express, Nest and pg before they load.
import '@chuishao/platform/tracing';
import 'reflect-metadata';
import { bootstrapService, loadServiceConfig } from '@chuishao/platform';
import { AppModule, DEPARTMENT_DESCRIPTION } from './app.module';

const config = loadServiceConfig('department', 3003);
bootstrapService(AppModule.forRoot(config), config, DEPARTMENT_DESCRIPTION).catch((error: unknown) => {
  process.stderr.write(
    `${JSON.stringify({ level: 'error', service: 'department', msg: 'failed to start', error: String(error) })}\n`,
  );
  process.exit(1);
});
