import { Inject, Injectable } from '@nestjs/common';
import {
  ArrivalDeadlineBreached,
  BreachRetracted,
  LateArrivalRecorded,
  type EventEnvelope,
  type EventOf,
  type DepartmentReassigned,
  type WhistleBlown,
  type CaseRegistered,
} from '@chuishao/contracts';
import { CLOCK, LOGGER, uuidv7, type Clock, type Logger } from '@chuishao/kernel';
import { EventFactory, OutboxWriter, causedBy } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { decideArrival, plannedTimers, type EscalationPolicy, type SummonsSla } from '../../domain/sla';
import { SlaMetrics } from '../../infrastructure/metrics/sla-metrics';
import { TimerStore } from '../../infrastructure/timers/timer-store';
import {
  EarlyResponses,
  SlaRepository,
  type ResponseKind,
} from '../../infrastructure/persistence/sla.repository';
import { ALL_SLA_TIMER_KINDS, SLA_ACTOR, SLA_TIMER_KINDS } from '../sla-timer-kinds';
import { SLA_SETTINGS, policyFor, type SlaSettings } from '../sla-settings';

export interface DepartmentResponse {
  kind: ResponseKind;
  summonsId: string;
  at: Date;
}

/**
 * Starts and stops the clock of each summons from the events of dispatch and the departments.
 * Every method joins the inbox transaction of the event it handles.
 */
@Injectable()
export class TrackSummons {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly repository: SlaRepository,
    private readonly early: EarlyResponses,
    private readonly timers: TimerStore,
    private readonly outbox: OutboxWriter,
    private readonly events: EventFactory,
    @Inject(SLA_SETTINGS) private readonly settings: SlaSettings,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: SlaMetrics,
  ) {}

  caseRegistered(event: EventOf<typeof CaseRegistered>): Promise<void> {
    return this.transactions.run(() =>
      this.repository.upsertKnownCase(event.caseId, event.payload.center.id, event.payload.center.path),
    );
  }

  whistleBlown(event: EventOf<typeof WhistleBlown>): Promise<void> {
    const p = event.payload;
    // Frozen here: a later change of configuration never alters this whistle.
    const policy = policyFor(this.settings, p.disputeType, p.urgency);
    return this.transactions.run(() =>
      this.start(
        event,
        p.summons.map((s) => ({
          summonsId: s.summonsId,
          whistleId: p.whistleId,
          centerId: p.centerId,
          departmentId: s.departmentId,
          departmentName: s.departmentName,
          summonedAt: new Date(p.blownAt),
          deadline: new Date(p.arrivalDeadline),
          policy,
        })),
      ),
    );
  }

  reassigned(event: EventOf<typeof DepartmentReassigned>): Promise<void> {
    const p = event.payload;
    return this.transactions.run(async () => {
      // The replaced department is no longer expected (its decline usually said so already).
      const { sla: from } = await this.repository.cancelTimersAndLock(p.fromSummonsId, null);
      if (from && (from.state === 'running' || from.state === 'breached')) await this.withdraw(from);
      await this.start(event, [
        {
          summonsId: p.to.summonsId,
          whistleId: p.whistleId,
          centerId: from?.centerId ?? 'unknown',
          departmentId: p.to.departmentId,
          departmentName: p.to.departmentName,
          summonedAt: new Date(p.reassignedAt),
          deadline: new Date(p.arrivalDeadline),
          // The whistle's frozen policy carries over to the replacement.
          policy: from?.policy ?? this.settings.defaultPolicy,
        },
      ]);
    });
  }

  respond(response: DepartmentResponse, cause: EventEnvelope): Promise<void> {
    return this.transactions.run(async () => {
      await this.repository.lockSummonsKey(response.summonsId);
      if (response.kind === 'acknowledged') {
        // apply's rule (the earliest wins), decided by the UPDATE itself: no read of the summons.
        if (!(await this.repository.acknowledgeEarliest(response.summonsId, response.at)))
          await this.keepEarly(response, cause);
        return;
      }
      // Timers first, then the summons: the firing loop locks in that order too.
      const { sla, markedMet } = await this.repository.cancelTimersAndLock(
        response.summonsId,
        ALL_SLA_TIMER_KINDS,
        response.kind === 'arrived' ? response.at : null,
      );
      if (!sla) {
        await this.keepEarly(response, cause);
        return;
      }
      await this.apply(sla, response, cause, markedMet);
    });
  }

  /** The answer overtook its whistle: kept until the whistle starts the summons. */
  private keepEarly(response: DepartmentResponse, cause: EventEnvelope): Promise<void> {
    return this.early.keep({
      summonsId: response.summonsId,
      kind: response.kind,
      at: response.at,
      eventId: cause.id,
      correlationId: cause.correlationId,
    });
  }

  /**
   * Starts the clocks of fresh summons: their keys locked (one statement), then their SLA rows,
   * timers and overtaking answers in one more, whatever their number. A summons already tracked
   * (a redelivery) is left as it is.
   */
  private async start(
    cause: EventEnvelope,
    summons: Array<
      Omit<
        SummonsSla,
        | 'caseId'
        | 'state'
        | 'acknowledgedAt'
        | 'arrivedAt'
        | 'warnedAt'
        | 'breachId'
        | 'escalationLevel'
        | 'correlationId'
        | 'causationId'
      > & { policy: EscalationPolicy }
    >,
  ): Promise<void> {
    // One summons listed twice starts once, as it did when each was inserted on its own.
    const seen = new Set<string>();
    const distinct = summons.filter((s) => !seen.has(s.summonsId) && seen.add(s.summonsId));
    if (distinct.length === 0) return;
    const slas: SummonsSla[] = distinct.map((s) => ({
      ...s,
      caseId: cause.caseId,
      state: 'running',
      acknowledgedAt: null,
      arrivedAt: null,
      warnedAt: null,
      breachId: null,
      escalationLevel: 0,
      correlationId: cause.correlationId,
      causationId: cause.id,
    }));
    await this.repository.lockSummonsKeys(slas.map((sla) => sla.summonsId));
    const now = this.clock.now();
    const timers = slas.flatMap((sla) =>
      plannedTimers(sla.deadline, now, sla.policy).map((timer) => ({
        id: uuidv7(now.getTime()),
        kind: SLA_TIMER_KINDS[timer.kind],
        subject: sla.summonsId,
        dueAt: timer.dueAt,
        payload: { whistleId: sla.whistleId },
      })),
    );
    const { inserted, early } = await this.repository.startSummons(slas, timers, now);
    for (const sla of slas.filter((s) => inserted.has(s.summonsId))) this.metrics.summoned(sla);
    this.timers.armedElsewhere(timers.filter((t) => inserted.has(t.subject)).map((t) => t.dueAt));
    for (const sla of slas) {
      if (!inserted.has(sla.summonsId)) continue; // already tracked
      for (const response of early.filter((r) => r.summonsId === sla.summonsId)) {
        if (response.kind !== 'acknowledged') await this.timers.cancel(sla.summonsId, ALL_SLA_TIMER_KINDS);
        await this.apply(sla, response, cause);
      }
    }
  }

  /** `markedMet`: the on-time arrival is already written (see SlaRepository.cancelTimersAndLock). */
  private async apply(
    sla: SummonsSla,
    response: DepartmentResponse,
    cause: EventEnvelope,
    markedMet = false,
  ): Promise<void> {
    if (response.kind === 'acknowledged') {
      // The earliest wins: an arrival processed first stands in for the acknowledgement (someone
      // clearly answered) until the real, earlier acknowledgement comes.
      if (!sla.acknowledgedAt || response.at.getTime() < sla.acknowledgedAt.getTime()) {
        sla.acknowledgedAt = response.at;
        await this.repository.saveSummonsSla(sla);
      }
      return;
    }
    if (response.kind === 'declined') {
      if (sla.state === 'running' || sla.state === 'breached') await this.withdraw(sla);
      return;
    }
    await this.arrived(sla, response.at, cause, markedMet);
  }

  private async withdraw(sla: SummonsSla): Promise<void> {
    if (sla.breachId)
      await this.repository.closeBreach(sla.breachId, {
        state: 'withdrawn',
        arrivedAt: null,
        latenessSeconds: null,
        closedAt: this.clock.now(),
      });
    sla.state = 'withdrawn';
    await this.repository.saveSummonsSla(sla);
  }

  /** Decided by the stored arrival time against the stored deadline, never by a timer's run. */
  private async arrived(
    sla: SummonsSla,
    arrivedAt: Date,
    cause: EventEnvelope,
    markedMet = false,
  ): Promise<void> {
    const decision = decideArrival(sla, arrivedAt);
    // The statement that read the summons wrote `met` by the same rule; never a different outcome.
    if (markedMet && decision.kind !== 'met')
      throw new Error(
        `summons ${sla.summonsId} marked met by its read, but the domain decided ${decision.kind}`,
      );
    if (decision.kind === 'ignore') return;
    this.transactions.afterCommit(() => this.metrics.arrived(sla, arrivedAt, decision.kind !== 'late'));
    const causation = causedBy(cause, SLA_ACTOR);
    const now = this.clock.now();
    const common = {
      whistleId: sla.whistleId,
      summonsId: sla.summonsId,
      departmentId: sla.departmentId,
      arrivalDeadline: sla.deadline.toISOString(),
    };
    sla.arrivedAt = arrivedAt;
    sla.acknowledgedAt ??= arrivedAt;
    const manager = this.transactions.manager;
    if (decision.kind === 'met') {
      sla.state = 'met';
      if (!markedMet) await this.repository.saveSummonsSla(sla);
      return;
    }
    if (decision.kind === 'retract') {
      sla.state = 'met';
      await this.repository.saveSummonsSla(sla);
      await this.repository.closeBreach(sla.breachId!, {
        state: 'retracted',
        arrivedAt,
        latenessSeconds: 0,
        closedAt: now,
      });
      await this.repository.withdrawEscalations(sla.breachId!);
      await this.outbox.append(manager, [
        this.events.build(BreachRetracted, sla.caseId, causation, {
          ...common,
          breachId: sla.breachId!,
          arrivedAt: arrivedAt.toISOString(),
          retractedAt: now.toISOString(),
        }),
      ]);
      return;
    }
    // Late. When the deadline timer has not run yet, the breach is recorded now, without a ladder.
    const events: EventEnvelope[] = [];
    if (decision.breach) {
      sla.breachId = uuidv7(now.getTime());
      await this.repository.insertBreach({
        id: sla.breachId,
        summonsId: sla.summonsId,
        whistleId: sla.whistleId,
        caseId: sla.caseId,
        centerId: sla.centerId,
        departmentId: sla.departmentId,
        deadline: sla.deadline,
        breachedAt: now,
        state: 'open',
        arrivedAt: null,
        latenessSeconds: null,
        closedAt: null,
      });
      this.transactions.afterCommit(() =>
        this.metrics.breaches.inc({ center: sla.centerId, department: sla.departmentId }),
      );
      events.push(
        this.events.build(ArrivalDeadlineBreached, sla.caseId, causation, {
          ...common,
          breachId: sla.breachId,
          breachedAt: now.toISOString(),
        }),
      );
    }
    sla.state = 'late';
    await this.repository.saveSummonsSla(sla);
    await this.repository.closeBreach(sla.breachId!, {
      state: 'late',
      arrivedAt,
      latenessSeconds: decision.latenessSeconds,
      closedAt: now,
    });
    events.push(
      this.events.build(LateArrivalRecorded, sla.caseId, causation, {
        ...common,
        breachId: sla.breachId!,
        arrivedAt: arrivedAt.toISOString(),
        latenessSeconds: decision.latenessSeconds,
      }),
    );
    await this.outbox.append(manager, events);
    this.logger.info('late arrival recorded', {
      summonsId: sla.summonsId,
      latenessSeconds: decision.latenessSeconds,
    });
  }
}
