import { Inject, Injectable } from '@nestjs/common';
import type {
  EventEnvelope,
  EventOf,
  DepartmentReassigned,
  SummonsAdded,
  SummonsStoodDown,
  WhistleBlown,
} from '@chuishao/contracts';
import { CLOCK, uuidv7, type Clock } from '@chuishao/kernel';
import { causedBy } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { fromLegacy, type LadderPolicy } from '../../domain/escalation-policy';
import { plannedTimers, type SummonsSla } from '../../domain/sla';
import { EscalationPolicies } from '../../infrastructure/persistence/escalation-policies.repository';
import { SlaMetrics } from '../../infrastructure/metrics/sla-metrics';
import { TimerStore } from '../../infrastructure/timers/timer-store';
import { SummonsStart } from '../../infrastructure/persistence/summons-start';
import { SummonsSlaQueries } from '../../infrastructure/persistence/summons-sla.queries';
import { ALL_SLA_TIMER_KINDS, SLA_ACTOR, SLA_TIMER_KINDS } from '../sla-timer-kinds';
import { SLA_SETTINGS, policyFor, type SlaSettings } from '../sla-settings';
import { SummonsSlaCommands } from '../summons-sla-handling';
import { answerCommand, observeAnswer } from '../record-answer/answers';

/**
 * Starts and stops the clock of each summons from the events of dispatch and the departments.
 * Every method joins the inbox transaction of the event it handles.
 */
@Injectable()
export class TrackSummons {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly commands: SummonsSlaCommands,
    private readonly starts: SummonsStart,
    private readonly timers: TimerStore,
    @Inject(SLA_SETTINGS) private readonly settings: SlaSettings,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly metrics: SlaMetrics,
    private readonly queries: SummonsSlaQueries,
    private readonly policies: EscalationPolicies,
  ) {}

  whistleBlown(event: EventOf<typeof WhistleBlown>): Promise<void> {
    const p = event.payload;
    return this.transactions.run(async () => {
      // Frozen here: a policy edited later (or a change of settings) never alters this whistle.
      // Read in the statement that takes the summons' keys, which the start needs first anyway.
      const keys = p.summons.map((s) => s.summonsId);
      const policy =
        (await this.policies.mostSpecific(p.centerId, p.disputeType, (read) =>
          this.starts.lockSummonsKeysReading(keys, read),
        )) ?? fromLegacy(policyFor(this.settings, p.disputeType, p.urgency));
      await this.start(
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
      );
    });
  }

  reassigned(event: EventOf<typeof DepartmentReassigned>): Promise<void> {
    const p = event.payload;
    return this.transactions.run(async () => {
      // The replaced department is no longer expected (its decline usually said so already).
      const { before: from } = await this.commands.handle(
        p.fromSummonsId,
        { type: 'Withdraw', now: this.clock.now() },
        causedBy(event, SLA_ACTOR),
        null,
      );
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
          policy: from?.policy ?? fromLegacy(this.settings.defaultPolicy),
        },
      ]);
    });
  }

  /** More hands: the added summons' own clock, from its own deadline, under the whistle's frozen policy. */
  added(event: EventOf<typeof SummonsAdded>): Promise<void> {
    const p = event.payload;
    return this.transactions.run(async () => {
      const [sibling] = await this.queries.summonsOfWhistle(p.whistleId);
      await this.start(event, [
        {
          summonsId: p.summons.summonsId,
          whistleId: p.whistleId,
          centerId: p.centerId,
          departmentId: p.summons.departmentId,
          departmentName: p.summons.departmentName,
          summonedAt: new Date(p.addedAt),
          deadline: new Date(p.arrivalDeadline),
          policy: sibling?.policy ?? fromLegacy(this.settings.defaultPolicy),
        },
      ]);
    });
  }

  /**
   * The operator stood the department down: nobody is expected, so its timers go and its clock is
   * withdrawn (a breach already open closes with it), which leaves it out of the scorecards.
   */
  stoodDown(event: EventOf<typeof SummonsStoodDown>): Promise<void> {
    const { summonsId } = event.payload;
    return this.transactions.run(async () => {
      await this.starts.lockSummonsKey(summonsId);
      await this.commands.handle(
        summonsId,
        { type: 'Withdraw', now: this.clock.now() },
        causedBy(event, SLA_ACTOR),
        ALL_SLA_TIMER_KINDS,
      );
    });
  }

  /**
   * Starts the clocks of fresh summons: their keys locked (one statement, unless the caller took
   * them already), then their SLA rows, timers and overtaking answers in one more, whatever their
   * number. A summons already tracked (a redelivery) is left as it is.
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
      > & { policy: LadderPolicy }
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
    await this.starts.lockSummonsKeys(slas.map((sla) => sla.summonsId));
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
    const { inserted, early } = await this.starts.start(slas, timers, now);
    for (const sla of slas.filter((s) => inserted.has(s.summonsId))) this.metrics.summoned(sla);
    this.timers.armedElsewhere(timers.filter((t) => inserted.has(t.subject)).map((t) => t.dueAt));
    for (const sla of slas) {
      if (!inserted.has(sla.summonsId)) continue; // already tracked
      let state = sla;
      for (const response of early.filter((r) => r.summonsId === sla.summonsId)) {
        if (response.kind !== 'acknowledged') await this.timers.cancel(sla.summonsId, ALL_SLA_TIMER_KINDS);
        const handled = await this.commands.decideAndSave(
          state,
          answerCommand(response, this.clock.now()),
          causedBy(cause, SLA_ACTOR),
        );
        observeAnswer(this.transactions, this.metrics, state, response, handled.events);
        state = handled.after ?? state;
      }
    }
  }
}
