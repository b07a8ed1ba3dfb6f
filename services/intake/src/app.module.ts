import { Module, type DynamicModule } from '@nestjs/common';
import type { Clock } from '@chuishao/kernel';
import { PlatformModule, type ServiceConfig } from '@chuishao/platform';
import { CloseCase } from './application/close-case/close-case.use-case';
import { RegisterCase } from './application/register-case/register-case.use-case';
import { RecordCaseProgress } from './application/track-whistle-progress/record-case-progress.use-case';
import { WhistleProgressHandlers } from './application/track-whistle-progress/whistle-progress.handlers';
import { CasesController } from './http/cases.controller';
import { CentersController } from './http/centers.controller';
import { CaseRepository } from './infrastructure/persistence/case.repository';
import { intakeEntities } from './infrastructure/persistence/entities';
import { intakeMigrations } from './infrastructure/persistence/migrations';
import { CenterSeeder } from './infrastructure/seed/center-seeder';

export const INTAKE_DESCRIPTION = {
  title: 'chuishao intake',
  description:
    'Centers, cases and parties: where a dispute is registered. Emits CaseRegistered and CaseClosed on `cases`.',
};

@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig, options: { clock?: Clock } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          config,
          entities: intakeEntities,
          migrations: intakeMigrations,
          clock: options.clock,
        }),
      ],
      controllers: [CasesController, CentersController, WhistleProgressHandlers],
      providers: [CaseRepository, CenterSeeder, RegisterCase, CloseCase, RecordCaseProgress],
    };
  }
}
