import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { LOGGER, type Logger } from '@chuishao/kernel';
import type { Center } from '../../domain/center';
import { CaseRepository } from '../persistence/case.repository';
import centers from './centers.json';

/** Loads the center network from the data file at every start; edits to the file win. */
@Injectable()
export class CenterSeeder implements OnApplicationBootstrap {
  constructor(
    private readonly repository: CaseRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.repository.upsertCenters(centers as Center[]);
    this.logger.info('centers seeded', { count: centers.length });
  }
}
