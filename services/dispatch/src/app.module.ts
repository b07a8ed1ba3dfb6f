import { Module, type DynamicModule } from '@nestjs/common';
import type { Clock } from '@chuishao/kernel';
import { PlatformModule, type ServiceConfig } from '@chuishao/platform';
import { BlowWhistle } from './application/blow-whistle/blow-whistle.use-case';
import { ChangeRoutingRule } from './application/change-routing-rule/change-routing-rule.use-case';
import {
  DISPATCH_SETTINGS,
  loadDispatchSettings,
  type DispatchSettings,
} from './application/dispatch-settings';
import { ReassignDepartment } from './application/reassign-department/reassign-department.use-case';
import { ChangeHands } from './application/change-hands/change-hands.use-case';
import { SuggestDepartments } from './application/suggest-departments/suggest-departments.query';
import { DepartmentResponseHandlers } from './application/record-department-response/department-response.handlers';
import { RecordDepartmentResponse } from './application/record-department-response/record-department-response.use-case';
import { CaseEventHandlers, TrackCases } from './application/track-cases/case-events.handlers';
import { WhistleCommands } from './application/whistle-commands';
import { RoutingRulesController } from './http/routing-rules.controller';
import { WhistlesController } from './http/whistles.controller';
import {
  DEPARTMENT_DIRECTORY_URL,
  DepartmentDirectory,
} from './infrastructure/department-directory/department-directory';
import {
  SERVICE_TOKEN_SOURCE,
  createServiceTokenSource,
} from './infrastructure/department-directory/service-token';
import { DispatchRepository } from './infrastructure/persistence/dispatch.repository';
import { KnownCasesRepository } from './infrastructure/persistence/known-cases.repository';
import { RoutingRulesRepository } from './infrastructure/persistence/routing-rules.repository';
import { DispatchSql } from './infrastructure/persistence/schema';
import { WhistleStore } from './infrastructure/persistence/whistle.store';
import { dispatchMigrations } from './infrastructure/persistence/migrations';
import { RoutingRuleSeeder } from './infrastructure/seed/routing-rule-seeder';

export const DISPATCH_DESCRIPTION = {
  title: 'chuishao dispatch',
  description:
    'Whistles, summoned departments, routing rules and reassignment. Emits WhistleBlown, DepartmentReassigned, SummonsAdded, SummonsStoodDown and WhistleCompleted on `whistles`.',
};

@Module({})
export class AppModule {
  static forRoot(
    config: ServiceConfig,
    options: { clock?: Clock; settings?: Partial<DispatchSettings> } = {},
  ): DynamicModule {
    const settings = { ...loadDispatchSettings(), ...options.settings };
    // Throws here, at start-up, when no token can be had (rs256 without DEPARTMENT_DIRECTORY_TOKEN).
    const serviceToken = createServiceTokenSource(config.auth, settings.departmentDirectoryToken);
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          config,
          // No TypeORM entities: schema.ts types the tables for Kysely, migrations.ts creates them.
          entities: [],
          migrations: dispatchMigrations,
          clock: options.clock,
        }),
      ],
      controllers: [
        WhistlesController,
        RoutingRulesController,
        CaseEventHandlers,
        DepartmentResponseHandlers,
      ],
      providers: [
        { provide: DISPATCH_SETTINGS, useValue: settings },
        { provide: DEPARTMENT_DIRECTORY_URL, useValue: settings.departmentServiceUrl },
        { provide: SERVICE_TOKEN_SOURCE, useValue: serviceToken },
        DepartmentDirectory,
        DispatchSql,
        WhistleStore,
        KnownCasesRepository,
        RoutingRulesRepository,
        DispatchRepository,
        WhistleCommands,
        RoutingRuleSeeder,
        TrackCases,
        BlowWhistle,
        ReassignDepartment,
        ChangeHands,
        SuggestDepartments,
        RecordDepartmentResponse,
        ChangeRoutingRule,
      ],
    };
  }
}
