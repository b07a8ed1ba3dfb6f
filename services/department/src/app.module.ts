import { Module, type DynamicModule } from '@nestjs/common';
import type { Clock } from '@chuishao/kernel';
import { PlatformModule, type ServiceConfig } from '@chuishao/platform';
import { AcknowledgeSummons } from './application/acknowledge-summons/acknowledge-summons.use-case';
import { DeclineSummons } from './application/decline-summons/decline-summons.use-case';
import { ReceiveSummons } from './application/receive-summons/receive-summons.use-case';
import { WhistleHandlers } from './application/receive-summons/whistle.handlers';
import { ReportArrival } from './application/report-arrival/report-arrival.use-case';
import { DepartmentsController } from './http/departments.controller';
import { SummonsController } from './http/summons.controller';
import { DepartmentRepository } from './infrastructure/persistence/department.repository';
import { departmentEntities } from './infrastructure/persistence/entities';
import { departmentMigrations } from './infrastructure/persistence/migrations';
import { SummonsRepository } from './infrastructure/persistence/summons.repository';
import { DepartmentSeeder } from './infrastructure/seed/department-seeder';

export const DEPARTMENT_DESCRIPTION = {
  title: 'chuishao department',
  description:
    'Department directory and summons inbox: a liaison acknowledges, reports arrival (报到) or declines. ' +
    'Consumes WhistleBlown and DepartmentReassigned on `whistles`; emits SummonsAcknowledged, DepartmentArrived ' +
    'and SummonsDeclined on `department-responses`.',
};

@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig, options: { clock?: Clock } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          config,
          entities: departmentEntities,
          migrations: departmentMigrations,
          clock: options.clock,
        }),
      ],
      controllers: [DepartmentsController, SummonsController, WhistleHandlers],
      providers: [
        DepartmentRepository,
        SummonsRepository,
        DepartmentSeeder,
        ReceiveSummons,
        AcknowledgeSummons,
        ReportArrival,
        DeclineSummons,
      ],
    };
  }
}
