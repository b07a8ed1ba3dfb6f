import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { LOGGER, uuidv7, type Logger } from '@chuishao/kernel';
import type { Causation } from '@chuishao/messaging';
import { KnownCaseCenters, TransactionHost } from '@chuishao/persistence';
import type { SummonsSla } from '../../domain/sla';
import type { SummonsSlaEvent } from '../../domain/summons-sla.decider';
import type { FiredTimer } from '../../domain/timer';
import { SlaMetrics } from '../../infrastructure/metrics/sla-metrics';
import { TimerEngine } from '../../infrastructure/timers/timer-engine';
import { TimerStore } from '../../infrastructure/timers/timer-store';
import { SLA_ACTOR, SLA_TIMER_KINDS } from '../sla-timer-kinds';
import { SummonsSlaCommands } from '../summons-sla-handling';

/**
 * What the arrival SLA's timers do when they fire. Each runs in the engine's firing transaction
 * as a command of the summons (locked, decided by the domain), which does nothing unless the
 * summons is still in the state the timer was armed for (fencing by domain state, on top of the
 * timer's generation).
 */
@Injectable()
export class FireSlaTimers implements OnModuleInit {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly commands: SummonsSlaCommands,
    private readonly knownCases: KnownCaseCenters,
    private readonly engine: TimerEngine,
    private readonly timers: TimerStore,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: SlaMetrics,
  ) {}

  onModuleInit(): void {
    this.engine.register(SLA_TIMER_KINDS.warning, (t) => this.warning(t));
    this.engine.register(SLA_TIMER_KINDS.deadline, (t) => this.deadline(t));
    this.engine.register(SLA_TIMER_KINDS.escalation, (t) => this.escalation(t));
  }

  /** The events of the clock continue the flow that started it. */
  private causation(sla: SummonsSla): Causation {
    return { actor: SLA_ACTOR, correlationId: sla.correlationId, causationId: sla.causationId };
  }

  async warning(timer: FiredTimer): Promise<void> {
    await this.commands.handle(timer.subject, { type: 'IssueWarning', at: timer.firedAt }, (sla) =>
      this.causation(sla),
    );
  }

  async deadline(timer: FiredTimer): Promise<void> {
    const at = timer.firedAt;
    const { after, events } = await this.commands.handle(
      timer.subject,
      async (sla) => ({
        type: 'Breach',
        at,
        breachId: uuidv7(at.getTime()),
        escalationId: uuidv7(at.getTime()),
        // The ladder's targets (and so which levels are empty) need the case's centers.
        centerPath: await this.knownCases.centerPath(sla.caseId),
      }),
      (sla) => this.causation(sla),
    );
    if (after && events.length > 0) {
      this.transactions.afterCommit(() =>
        this.metrics.breaches.inc({ center: after.centerId, department: after.departmentId }),
      );
      await this.raised(after, events);
    }
  }

  async escalation(timer: FiredTimer): Promise<void> {
    const level = Number(timer.payload.level);
    const at = timer.firedAt;
    let centerPath: string[] | null = null;
    const { after, events } = await this.commands.handle(
      timer.subject,
      async (sla) => {
        // The path is read under the summons's lock.
        centerPath = await this.knownCases.centerPath(sla.caseId);
        return {
          type: 'Escalate',
          at,
          level,
          breachId: String(timer.payload.breachId),
          escalationId: uuidv7(at.getTime()),
          centerPath,
        };
      },
      (sla) => this.causation(sla),
    );
    if (after && events.length > 0 && !centerPath)
      this.logger.warn('escalating without the case center path (CaseRegistered not seen)', {
        caseId: after.caseId,
        level,
      });
    if (after) await this.raised(after, events);
  }

  /** Counts each level raised and arms the next one that chases somebody, when the frozen ladder has it. */
  async raised(sla: SummonsSla, events: SummonsSlaEvent[]): Promise<void> {
    for (const event of events) {
      if (event.type === 'EscalationRaised')
        this.transactions.afterCommit(() => this.metrics.escalations.inc({ level: String(event.level) }));
      const next = event.type === 'EscalationRaised' || event.type === 'DeadlineBreached' ? event.next : null;
      if (next)
        await this.timers.arm(SLA_TIMER_KINDS.escalation, sla.summonsId, next.dueAt, {
          breachId: sla.breachId,
          level: next.level,
        });
    }
  }
}
