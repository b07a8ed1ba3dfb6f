import { Inject, Injectable } from '@nestjs/common';
import { reachesCase, type CenterPost } from '@chuishao/auth';
import { CLOCK, NotFoundError, uuidv7, type Clock } from '@chuishao/kernel';
import type { Actor } from '@chuishao/contracts';
import { AuditTrail, KnownCaseCenters, TransactionHost } from '@chuishao/persistence';
import type { SummonsSlaEvent } from '../../domain/summons-sla.decider';
import { TimerStore } from '../../infrastructure/timers/timer-store';
import { FireSlaTimers } from '../fire-timers/fire-sla-timers';
import { SLA_TIMER_KINDS } from '../sla-timer-kinds';
import { SummonsSlaCommands } from '../summons-sla-handling';

export interface EscalateByHandCommand {
  summonsId: string;
  level: number;
  note: string | null;
  post: CenterPost;
  actor: Actor;
}

/**
 * A supervisor does not wait for the ladder: the chosen level is raised now (EscalationRaised, as
 * the ladder raises it, the supervisor its actor) and the ladder goes on from it.
 */
@Injectable()
export class EscalateByHand {
  private readonly audit = new AuditTrail();

  constructor(
    private readonly transactions: TransactionHost,
    private readonly commands: SummonsSlaCommands,
    private readonly knownCases: KnownCaseCenters,
    private readonly timers: TimerStore,
    private readonly fire: FireSlaTimers,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(command: EscalateByHandCommand): Promise<Extract<SummonsSlaEvent, { type: 'EscalationRaised' }>> {
    const notFound = () => new NotFoundError('SUMMONS_NOT_FOUND', `no summons ${command.summonsId}`);
    return this.transactions.run(async (manager) => {
      const at = this.clock.now();
      const { after, events } = await this.commands.handle(
        command.summonsId,
        async (sla) => {
          const centerPath = await this.knownCases.centerPath(sla.caseId);
          // Out of the supervisor's reach: the same 404 as an unknown summons, nothing changes.
          if (!reachesCase(command.post, centerPath)) throw notFound();
          return { type: 'EscalateByHand', at, level: command.level, escalationId: uuidv7(), centerPath };
        },
        // The supervisor's act continues the whistle's flow (its correlation), as the ladder does.
        (sla) => ({ actor: command.actor, correlationId: sla.correlationId, causationId: sla.causationId }),
      );
      const raised = events.find((e) => e.type === 'EscalationRaised');
      if (!after || !raised) throw notFound();
      // The ladder's pending timer goes; the level after the one raised by hand is armed instead.
      if (!raised.next) await this.timers.cancel(command.summonsId, [SLA_TIMER_KINDS.escalation]);
      await this.fire.raised(after, events);
      await this.audit.record(manager, {
        occurredAt: at,
        actor: command.actor,
        action: 'EscalationRaisedByHand',
        entityType: 'escalation',
        entityId: raised.escalationId,
        caseId: after.caseId,
        correlationId: after.correlationId,
        details: {
          summonsId: after.summonsId,
          level: raised.level,
          fromLevel: raised.fromLevel,
          note: command.note,
        },
      });
      return raised;
    });
  }
}
