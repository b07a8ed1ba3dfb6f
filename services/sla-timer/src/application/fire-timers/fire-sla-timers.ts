import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  ArrivalDeadlineBreached,
  ArrivalWarningIssued,
  EscalationRaised,
  type EventEnvelope,
} from '@chuishao/contracts';
import { LOGGER, uuidv7, type Logger } from '@chuishao/kernel';
import { EventFactory, OutboxWriter, type Causation } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { escalationDueAt, escalationTarget, type SummonsSla } from '../../domain/sla';
import type { FiredTimer } from '../../domain/timer';
import { SlaMetrics } from '../../infrastructure/metrics/sla-metrics';
import { SlaRepository } from '../../infrastructure/persistence/sla.repository';
import { TimerEngine } from '../../infrastructure/timers/timer-engine';
import { TimerStore } from '../../infrastructure/timers/timer-store';
import { SLA_ACTOR, SLA_TIMER_KINDS } from '../sla-timer-kinds';

/**
 * What the arrival SLA's timers do when they fire. Each runs in the engine's firing transaction,
 * locks the summons, and does nothing unless the summons is still in the state the timer was
 * armed for (fencing by domain state, on top of the timer's generation).
 */
@Injectable()
export class FireSlaTimers implements OnModuleInit {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly repository: SlaRepository,
    private readonly engine: TimerEngine,
    private readonly timers: TimerStore,
    private readonly outbox: OutboxWriter,
    private readonly events: EventFactory,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: SlaMetrics,
  ) {}

  onModuleInit(): void {
    this.engine.register(SLA_TIMER_KINDS.warning, (t) => this.warning(t));
    this.engine.register(SLA_TIMER_KINDS.deadline, (t) => this.deadline(t));
    this.engine.register(SLA_TIMER_KINDS.escalation, (t) => this.escalation(t));
  }

  private causation(sla: SummonsSla): Causation {
    return { actor: SLA_ACTOR, correlationId: sla.correlationId, causationId: sla.causationId };
  }

  private emit(events: EventEnvelope[]): Promise<void> {
    return this.outbox.append(this.transactions.manager, events);
  }

  async warning(timer: FiredTimer): Promise<void> {
    const sla = await this.repository.findSummonsSla(timer.subject, { lock: true });
    if (!sla || sla.state !== 'running' || sla.warnedAt) return;
    sla.warnedAt = timer.firedAt;
    await this.repository.saveSummonsSla(sla);
    await this.emit([
      this.events.build(ArrivalWarningIssued, sla.caseId, this.causation(sla), {
        whistleId: sla.whistleId,
        summonsId: sla.summonsId,
        departmentId: sla.departmentId,
        arrivalDeadline: sla.deadline.toISOString(),
        secondsRemaining: Math.max(0, Math.round((sla.deadline.getTime() - timer.firedAt.getTime()) / 1000)),
        issuedAt: timer.firedAt.toISOString(),
      }),
    ]);
  }

  async deadline(timer: FiredTimer): Promise<void> {
    const sla = await this.repository.findSummonsSla(timer.subject, { lock: true });
    if (!sla || sla.state !== 'running') return;
    const breachId = uuidv7(timer.firedAt.getTime());
    await this.repository.insertBreach({
      id: breachId,
      summonsId: sla.summonsId,
      whistleId: sla.whistleId,
      caseId: sla.caseId,
      centerId: sla.centerId,
      departmentId: sla.departmentId,
      deadline: sla.deadline,
      breachedAt: timer.firedAt,
      state: 'open',
      arrivedAt: null,
      latenessSeconds: null,
      closedAt: null,
    });
    sla.state = 'breached';
    sla.breachId = breachId;
    this.transactions.afterCommit(() =>
      this.metrics.breaches.inc({ center: sla.centerId, department: sla.departmentId }),
    );
    await this.emit([
      this.events.build(ArrivalDeadlineBreached, sla.caseId, this.causation(sla), {
        breachId,
        whistleId: sla.whistleId,
        summonsId: sla.summonsId,
        departmentId: sla.departmentId,
        arrivalDeadline: sla.deadline.toISOString(),
        breachedAt: timer.firedAt.toISOString(),
      }),
    ]);
    await this.raise(sla, 1, timer.firedAt);
  }

  async escalation(timer: FiredTimer): Promise<void> {
    const sla = await this.repository.findSummonsSla(timer.subject, { lock: true });
    const level = Number(timer.payload.level);
    if (
      !sla ||
      sla.state !== 'breached' ||
      sla.breachId !== timer.payload.breachId ||
      level !== sla.escalationLevel + 1
    )
      return;
    await this.raise(sla, level, timer.firedAt);
  }

  /** Raises one level of the ladder and arms the next one, if the frozen policy has it. */
  private async raise(sla: SummonsSla, level: number, at: Date): Promise<void> {
    let path = [sla.centerId];
    if (level >= 2) {
      const known = await this.repository.centerPath(sla.caseId);
      if (known) path = known;
      else
        this.logger.warn('escalating without the case center path (CaseRegistered not seen)', {
          caseId: sla.caseId,
          level,
        });
    }
    const target = escalationTarget(level, sla.departmentId, path);
    const escalationId = uuidv7(at.getTime());
    const inserted = await this.repository.insertEscalation({
      id: escalationId,
      breachId: sla.breachId!,
      summonsId: sla.summonsId,
      whistleId: sla.whistleId,
      caseId: sla.caseId,
      departmentId: sla.departmentId,
      level,
      targetKind: target.kind,
      targetId: target.id,
      raisedAt: at,
      state: 'open',
      acknowledgedAt: null,
      acknowledgedBy: null,
      note: null,
    });
    sla.escalationLevel = level;
    await this.repository.saveSummonsSla(sla);
    if (inserted) this.transactions.afterCommit(() => this.metrics.escalations.inc({ level: String(level) }));
    if (inserted)
      await this.emit([
        this.events.build(EscalationRaised, sla.caseId, this.causation(sla), {
          escalationId,
          breachId: sla.breachId!,
          whistleId: sla.whistleId,
          summonsId: sla.summonsId,
          departmentId: sla.departmentId,
          level,
          target,
          raisedAt: at.toISOString(),
        }),
      ]);
    const nextDue = escalationDueAt(sla.deadline, level + 1, sla.policy);
    if (nextDue)
      await this.timers.arm(SLA_TIMER_KINDS.escalation, sla.summonsId, nextDue, {
        breachId: sla.breachId,
        level: level + 1,
      });
  }
}
