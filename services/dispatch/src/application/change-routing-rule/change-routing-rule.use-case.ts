import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '@chuishao/contracts';
import { CLOCK, type Clock } from '@chuishao/kernel';
import { AuditTrail, TransactionHost } from '@chuishao/persistence';
import type { RoutingRule } from '../../domain/routing';
import { DispatchRepository } from '../../infrastructure/persistence/dispatch.repository';
import { RoutingRulesRepository } from '../../infrastructure/persistence/routing-rules.repository';

export interface ChangeRoutingRuleCommand {
  rule: RoutingRule;
  actor: Actor;
  correlationId: string;
}

/**
 * A supervisor (or ops) sets which kinds of department a dispute type summons. No event tells
 * anyone (the rule only shapes later whistles), so the audit trail is the record of who changed
 * it, from what, in the same transaction as the change.
 */
@Injectable()
export class ChangeRoutingRule {
  private readonly audit = new AuditTrail();

  constructor(
    private readonly transactions: TransactionHost,
    private readonly repository: DispatchRepository,
    private readonly rules: RoutingRulesRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: ChangeRoutingRuleCommand): Promise<RoutingRule> {
    const { rule } = command;
    return this.transactions.run(async (manager) => {
      const previous = await this.repository.routingRule(rule.disputeType);
      const now = this.clock.now();
      await this.rules.save(rule, now);
      await this.audit.record(manager, {
        occurredAt: now,
        actor: command.actor,
        action: 'RoutingRuleChanged',
        entityType: 'routing_rule',
        entityId: rule.disputeType,
        correlationId: command.correlationId,
        details: {
          departmentKinds: rule.departmentKinds,
          previousDepartmentKinds: previous?.departmentKinds ?? null,
        },
      });
      return rule;
    });
  }
}
