import { Injectable } from '@nestjs/common';
import {
  DepartmentReassigned,
  WhistleBlown,
  WhistleCompleted,
  type EventEnvelope,
} from '@chuishao/contracts';
import {
  CommandHandler,
  EventFactory,
  OutboxWriter,
  type Causation,
  type Handled,
} from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { activeSummons, type Summons, type Whistle } from '../domain/whistle';
import {
  decide,
  evolve,
  usual,
  whistleAlreadyOpen,
  whistleDecider,
  type WhistleCommand,
  type WhistleEvent,
} from '../domain/whistle.decider';
import { WhistleStore } from '../infrastructure/persistence/whistle.store';

/** A summons as the whistles topic names it. */
function summonsNamed(s: Summons) {
  return {
    summonsId: s.id,
    departmentId: s.departmentId,
    departmentName: s.departmentName,
    departmentKind: s.departmentKind,
  };
}

/**
 * Every change of a whistle goes through here: the Whistle decider decides, the one
 * CommandHandler (lock and load → decide → save → outbox, in the ambient transaction) stores, and
 * `published` says which integration event each domain event stands for.
 */
@Injectable()
export class WhistleCommands {
  constructor(
    private readonly handler: CommandHandler,
    private readonly store: WhistleStore,
    private readonly transactions: TransactionHost,
    private readonly outbox: OutboxWriter,
    private readonly events: EventFactory,
  ) {}

  /**
   * A whistle that is not yet: decided on nothing, inserted with its summons, WhistleBlown to the
   * outbox, in the ambient transaction (the caller's, which holds the case's lock).
   */
  async blow(command: Extract<WhistleCommand, { type: 'Blow' }>, causation: Causation): Promise<Whistle> {
    const events = decide(command, null);
    const whistle = events.reduce<Whistle | null>(evolve, null);
    if (!whistle) throw new Error('a blow that decided no whistle');
    // False only when a whistle opened while the case's read waited for its lock.
    if (!(await this.store.insert(whistle))) throw whistleAlreadyOpen(whistle.caseNo);
    await this.outbox.append(this.transactions.manager, this.publish(events, whistle, causation));
    return whistle;
  }

  /**
   * `command`, or how to make it from the whistle once locked (a check that needs the whistle).
   * `before` null: there is no such whistle, and nothing was done.
   */
  handle(
    whistleId: string,
    command: WhistleCommand | ((whistle: Whistle) => Promise<WhistleCommand>),
    causation: Causation,
  ): Promise<Handled<Whistle, WhistleEvent>> {
    return this.handler.handle(whistleId, command, {
      decider: whistleDecider,
      store: this.store.trying(typeof command === 'function' ? null : usual(command)),
      publish: (events: WhistleEvent[], after: Whistle) => this.publish(events, after, causation),
    });
  }

  /** For a whistle already loaded and locked in this transaction (the state `handle` answered). */
  decideAndSave(
    whistle: Whistle,
    command: WhistleCommand,
    causation: Causation,
  ): Promise<Handled<Whistle, WhistleEvent>> {
    return this.handler.decideAndSave(whistle, command, {
      decider: whistleDecider,
      store: this.store.trying(null),
      publish: (events: WhistleEvent[], after: Whistle) => this.publish(events, after, causation),
    });
  }

  private publish(events: WhistleEvent[], whistle: Whistle, causation: Causation): EventEnvelope[] {
    return events.flatMap((event) => this.published(event, whistle, causation));
  }

  private published(event: WhistleEvent, whistle: Whistle, causation: Causation): EventEnvelope[] {
    switch (event.type) {
      case 'WhistleBlown':
        return [
          this.events.build(WhistleBlown, whistle.caseId, causation, {
            whistleId: whistle.id,
            caseNo: whistle.caseNo,
            centerId: whistle.centerId,
            disputeType: event.disputeType,
            urgency: event.urgency,
            reason: whistle.reason,
            blownAt: whistle.blownAt.toISOString(),
            arrivalDeadline: whistle.arrivalDeadline.toISOString(),
            slaSeconds: whistle.slaSeconds,
            summons: whistle.summons.map(summonsNamed),
          }),
        ];
      case 'DepartmentReassigned': {
        const to = event.replacement;
        return [
          this.events.build(DepartmentReassigned, whistle.caseId, causation, {
            whistleId: whistle.id,
            caseNo: whistle.caseNo,
            fromDepartmentId: event.fromDepartmentId,
            fromSummonsId: event.fromSummonsId,
            to: summonsNamed(to),
            reason: event.reason,
            reassignedAt: event.at.toISOString(),
            arrivalDeadline: to.arrivalDeadline.toISOString(),
          }),
        ];
      }
      case 'WhistleCompleted':
        return [
          this.events.build(WhistleCompleted, whistle.caseId, causation, {
            whistleId: whistle.id,
            completedAt: event.at.toISOString(),
            arrivals: activeSummons(whistle).map((s) => ({
              summonsId: s.id,
              departmentId: s.departmentId,
              arrivedAt: s.arrivedAt!.toISOString(),
            })),
          }),
        ];
      default:
        // Answers are dispatch's copy of department's events: nothing to tell anyone.
        return [];
    }
  }
}
