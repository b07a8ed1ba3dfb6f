import 'reflect-metadata';
import { bootstrapService, loadServiceConfig } from '@chuishao/platform';
import { AppModule, OPS_CONSOLE_DESCRIPTION } from './app.module';

const config = loadServiceConfig('ops-console', 3000);
bootstrapService(AppModule.forRoot(config), config, OPS_CONSOLE_DESCRIPTION).catch((error: unknown) => {
  process.stderr.write(
    `${JSON.stringify({ level: 'error', service: 'ops-console', msg: 'failed to start', error: String(error) })}\n`,
  );
  process.exit(1);
});
