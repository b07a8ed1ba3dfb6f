import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { serveOpenApi } from '@chuishao/platform';
import { AppModule } from './app.module';
import type { SimulatorSettings } from './application/simulator-settings';

/**
 * The court simulator's application: its endpoints and their OpenAPI document at /docs, like every
 * service's (from libs/platform), but without bearer tokens, a database or Kafka: it stands in for
 * a court and keeps everything in memory.
 */
export async function createCourtApp(settings: SimulatorSettings): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(settings), { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  serveOpenApi(
    app,
    {
      title: 'court-simulator',
      description:
        "A stand-in for a court's e-filing system (OASIS LegalXML ECF filing review): files confirmation " +
        'applications, accepts or refuses them, rules, and calls back with signed notices. Development only.',
    },
    { bearerAuth: false },
  );
  return app;
}
