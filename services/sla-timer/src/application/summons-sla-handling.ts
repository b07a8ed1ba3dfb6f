import { Injectable } from '@nestjs/common';
import {
  ArrivalDeadlineBreached,
  ArrivalWarningIssued,
  BreachRetracted,
  EscalationRaised,
  EscalationRaisedV1,
  LateArrivalRecorded,
  type EventEnvelope,
} from '@chuishao/contracts';
import { CommandHandler, EventFactory, type Causation, type Handled } from '@chuishao/messaging';
import type { SummonsSla } from '../domain/sla';
import {
  secondsBeforeDeadline,
  summonsSlaDecider,
  type SummonsSlaCommand,
  type SummonsSlaEvent,
} from '../domain/summons-sla.decider';
import { SummonsSlaStore } from '../infrastructure/persistence/summons-sla.store';

/**
 * Every change of a summons's SLA goes through here: the one CommandHandler (lock and load →
 * decide → save → outbox, in the ambient transaction) with the SummonsSla decider, and the
 * integration events its domain events stand for.
 */
@Injectable()
export class SummonsSlaCommands {
  constructor(
    private readonly handler: CommandHandler,
    private readonly store: SummonsSlaStore,
    private readonly events: EventFactory,
  ) {}

  /** `cancelling`: timer kinds cancelled before the lock (null: all; undefined: none). */
  handle(
    summonsId: string,
    command: SummonsSlaCommand | ((sla: SummonsSla) => Promise<SummonsSlaCommand>),
    causation: Causation | ((sla: SummonsSla) => Causation),
    cancelling?: readonly string[] | null,
  ): Promise<Handled<SummonsSla, SummonsSlaEvent>> {
    return this.handler.handle(summonsId, command, this.handling(causation, cancelling));
  }

  /** For a summons just started in this transaction (an answer that overtook its whistle). */
  decideAndSave(
    sla: SummonsSla,
    command: SummonsSlaCommand,
    causation: Causation,
  ): Promise<Handled<SummonsSla, SummonsSlaEvent>> {
    return this.handler.decideAndSave(sla, command, this.handling(causation, undefined));
  }

  private handling(
    causation: Causation | ((sla: SummonsSla) => Causation),
    cancelling: readonly string[] | null | undefined,
  ) {
    return {
      decider: summonsSlaDecider,
      store: this.store.cancelling(cancelling),
      publish: (events: SummonsSlaEvent[], after: SummonsSla) =>
        events.flatMap((event) =>
          this.published(event, after, typeof causation === 'function' ? causation(after) : causation),
        ),
    };
  }

  private published(event: SummonsSlaEvent, sla: SummonsSla, causation: Causation): EventEnvelope[] {
    const common = {
      whistleId: sla.whistleId,
      summonsId: sla.summonsId,
      departmentId: sla.departmentId,
      arrivalDeadline: sla.deadline.toISOString(),
    };
    const build = this.events.build.bind(this.events);
    switch (event.type) {
      case 'WarningIssued':
        return [
          build(ArrivalWarningIssued, sla.caseId, causation, {
            ...common,
            secondsRemaining: secondsBeforeDeadline(sla, event.at),
            issuedAt: event.at.toISOString(),
          }),
        ];
      case 'DeadlineBreached':
        return [
          build(ArrivalDeadlineBreached, sla.caseId, causation, {
            breachId: event.breachId,
            ...common,
            breachedAt: event.at.toISOString(),
          }),
        ];
      case 'EscalationRaised': {
        const payload = {
          escalationId: event.escalationId,
          breachId: event.breachId,
          whistleId: sla.whistleId,
          summonsId: sla.summonsId,
          departmentId: sla.departmentId,
          level: event.level,
          raisedAt: event.at.toISOString(),
        };
        const { kind, id } = event.target;
        // Version 1 for every target a version 1 reader knows: consumers not yet redeployed keep
        // reading the usual ladder; only a policy chasing the liaisons needs version 2.
        return [
          kind === 'on_duty_liaison'
            ? build(EscalationRaised, sla.caseId, causation, { ...payload, target: { kind, id } })
            : build(EscalationRaisedV1, sla.caseId, causation, { ...payload, target: { kind, id } }),
        ];
      }
      case 'BreachRetracted':
        return [
          build(BreachRetracted, sla.caseId, causation, {
            ...common,
            breachId: event.breachId,
            arrivedAt: event.arrivedAt.toISOString(),
            retractedAt: event.retractedAt.toISOString(),
          }),
        ];
      case 'ArrivedLate':
        return [
          build(LateArrivalRecorded, sla.caseId, causation, {
            ...common,
            breachId: event.breachId,
            arrivedAt: event.arrivedAt.toISOString(),
            latenessSeconds: event.latenessSeconds,
          }),
        ];
      default:
        // Acknowledgements, on-time arrivals and withdrawals are this service's own bookkeeping.
        return [];
    }
  }
}
