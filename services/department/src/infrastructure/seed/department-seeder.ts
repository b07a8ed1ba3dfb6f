import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { LOGGER, type Logger } from '@chuishao/kernel';
import type { Department } from '../../domain/department';
import { DepartmentRepository } from '../persistence/department.repository';
import departments from './departments.json';

/** Loads the department directory from the data file at every start; edits to the file win. */
@Injectable()
export class DepartmentSeeder implements OnApplicationBootstrap {
  constructor(
    private readonly repository: DepartmentRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.repository.upsert(departments as Department[]);
    this.logger.info('departments seeded', { count: departments.length });
  }
}
