import { Module, ValidationPipe, type DynamicModule } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { CLOCK, JsonLogger, LOGGER, SystemClock } from '@chuishao/kernel';
import { CourtClerk } from './application/court-clerk';
import { SIMULATOR_SETTINGS, type SimulatorSettings } from './application/simulator-settings';
import { CallbackSender } from './infrastructure/callback-sender';
import { CourtController } from './http/court.controller';

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
