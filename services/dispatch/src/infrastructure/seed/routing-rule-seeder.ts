import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { CLOCK, LOGGER, type Clock, type Logger } from '@chuishao/kernel';
import type { RoutingRule } from '../../domain/routing';
import { RoutingRulesRepository } from '../persistence/routing-rules.repository';
import rules from './routing-rules.json';

/** Default routing rules from the data file, for dispute types an operator has not configured. */
@Injectable()
export class RoutingRuleSeeder implements OnApplicationBootstrap {
  constructor(
    private readonly rules: RoutingRulesRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const inserted = await this.rules.insertMissing(rules as RoutingRule[], this.clock.now());
    this.logger.info('routing rules seeded', { inserted, known: rules.length });
  }
}
