import { Module, ValidationPipe, type DynamicModule, type INestApplication } from '@nestjs/common';
import { APP_PIPE, NestFactory } from '@nestjs/core';
import { CLOCK, JsonLogger, LOGGER, SystemClock } from '@chuishao/kernel';
import {
  bodyParserErrors,
  inputHygiene,
  jsonBodiesOnly,
  setUpOpenApi,
  type ServiceDescription,
} from '@chuishao/platform';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { CourtClerk } from './application/court-clerk';
import {
  loadSimulatorListener,
  SIMULATOR_SETTINGS,
  type SimulatorSettings,
} from './application/simulator-settings';
import { CallbackSender } from './infrastructure/callback-sender';
import { CourtController } from './http/court.controller';

export const COURT_SIMULATOR_DESCRIPTION: ServiceDescription = {
  title: 'chuishao court-simulator',
  description:
    "The stand-in for a court's e-filing system (ECF filing review): accepts or refuses confirmation " +
    'applications, rules on them and calls back with signed notices. Development and tests only: ' +
    'no authentication, state in memory.',
};

/** The simulator's Nest application with its OpenAPI document at /docs; main.ts and tests listen. */
export async function createCourtSimulatorApp(
  settings: SimulatorSettings,
  env: NodeJS.ProcessEnv = process.env,
): Promise<INestApplication> {
  // The platform's door, as on every service: JSON bodies only (a form body is a 415), parser
  // errors and reserved names such as `__proto__` as 400s naming the field, never a 500.
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(settings), {
    logger: ['error', 'warn'],
    bodyParser: false,
  });
  app.enableShutdownHooks();
  app.use(jsonBodiesOnly());
  app.useBodyParser('json', { limit: '1mb' });
  app.use(bodyParserErrors());
  app.use(inputHygiene());
  setUpOpenApi(app, COURT_SIMULATOR_DESCRIPTION, {
    platform: false,
    publicUrl: loadSimulatorListener(env).publicUrl,
  });
  return app;
}

@Module({})
export class AppModule {
  static forRoot(settings: SimulatorSettings): DynamicModule {
    return {
      module: AppModule,
      controllers: [CourtController],
      providers: [
        { provide: SIMULATOR_SETTINGS, useValue: settings },
        { provide: CLOCK, useValue: new SystemClock() },
        { provide: LOGGER, useValue: new JsonLogger({ service: 'court-simulator' }) },
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
        },
        CallbackSender,
        CourtClerk,
      ],
    };
  }
}
