import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '@chuishao/contracts';
import { CLOCK, NotFoundError, type Clock } from '@chuishao/kernel';
import { AuditTrail, TransactionHost } from '@chuishao/persistence';
import { listScope, type CenterPost } from '@chuishao/auth';
import type { LadderPolicy } from '../../domain/escalation-policy';
import {
  EscalationPolicies,
  scopeOf,
  type StoredPolicy,
} from '../../infrastructure/persistence/escalation-policies.repository';

export interface SetEscalationPolicyCommand {
  centerId: string | null;
  disputeType: string | null;
  policy: LadderPolicy;
  post: CenterPost;
  actor: Actor;
  correlationId: string;
}

/**
 * A supervisor (their center and the centers below it) or ops sets the escalation policy of a
 * center and/or a dispute type. It shapes only whistles blown afterwards (each freezes its own
 * snapshot), so no event tells anyone: the audit trail records who changed it, from what.
 */
@Injectable()
export class SetEscalationPolicy {
  private readonly audit = new AuditTrail();

  constructor(
    private readonly transactions: TransactionHost,
    private readonly policies: EscalationPolicies,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: SetEscalationPolicyCommand): Promise<StoredPolicy> {
    return this.transactions.run(async (manager) => {
      await this.checkReach(command.post, command.centerId);
      const previous = await this.policies.find(command.centerId, command.disputeType);
      const stored: StoredPolicy = {
        centerId: command.centerId,
        disputeType: command.disputeType,
        policy: command.policy,
        updatedBy: command.actor.id,
        updatedAt: this.clock.now(),
      };
      await this.policies.put(stored);
      await this.audit.record(manager, {
        occurredAt: stored.updatedAt,
        actor: command.actor,
        action: 'EscalationPolicyChanged',
        entityType: 'escalation_policy',
        entityId: scopeOf(command.centerId, command.disputeType),
        correlationId: command.correlationId,
        details: { policy: command.policy, previousPolicy: previous?.policy ?? null },
      });
      return stored;
    });
  }

  /**
   * A supervisor of a center sets policies of that center or of one below it (as the cases seen
   * registered place them); the network-wide ones (no center) are for ops and the network's own
   * supervision. A center out of reach answers as an unknown one.
   */
  private async checkReach(post: CenterPost, centerId: string | null): Promise<void> {
    const scope = listScope(post);
    if (scope === 'all') return;
    const reached =
      scope !== 'none' &&
      centerId !== null &&
      (centerId === scope.within || (await this.policies.centerBelow(scope.within, centerId)));
    if (!reached)
      throw new NotFoundError('CENTER_NOT_FOUND', `no center ${centerId ?? '(network-wide)'} in your reach`);
  }
}
