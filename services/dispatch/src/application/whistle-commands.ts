import { Injectable } from '@nestjs/common';
import {
  DepartmentReassigned,
  SummonsAdded,
  SummonsStoodDown,
  WhistleBlown,
  WhistleCompleted,
  type EventEnvelope,
} from '@chuishao/contracts';
import { AggregateCommands, CommandHandler, EventFactory, type Causation } from '@chuishao/messaging';
import { activeSummons, type Summons, type Whistle } from '../domain/whistle';
import {
  decide,
  evolve,
  summonsTransition,
  usual,
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

/** The summons a batch tried as one statement has an answer for already (collectAcknowledgement). */
const ANSWERED_SUMMONS = Symbol('summons answered in this statement');
/** The acknowledgements collected for the statement (collectAcknowledgement). */
const PENDING_ACKNOWLEDGEMENTS = Symbol('acknowledgements to try');

/**
 * Every change of a whistle goes through here: the Whistle decider decides, the one
 * CommandHandler (lock and load → decide → save → outbox, in the ambient transaction) stores, and
 * `published` says which integration event each domain event stands for.
 */
@Injectable()
export class WhistleCommands extends AggregateCommands<WhistleCommand, Whistle, WhistleEvent> {
  constructor(
    handler: CommandHandler,
    private readonly store: WhistleStore,
    private readonly events: EventFactory,
  ) {
    super(handler, {
      decider: whistleDecider,
      // The locking read tries the command's usual answer itself (none for a command made later).
      store: (command) => store.trying(command === null ? null : usual(command)),
      genesis: { decide, evolve },
    });
  }

  /**
   * A whistle that is not yet: decided on nothing, then inserted with its summons and WhistleBlown
   * in one statement, which takes the case's lock and checks it is still as `command.case` read it.
   * Null when that statement refused it: the case changed since the read, or a whistle opened on
   * it. The caller reads the case again, and the decider then says why, or blows on it as it is.
   */
  async blow(
    command: Extract<WhistleCommand, { type: 'Blow' }>,
    causation: Causation,
  ): Promise<Whistle | null> {
    const blown = await this.create(command, causation, (whistle) =>
      this.store.insert(whistle, command.case),
    );
    return blown?.created ?? null;
  }

  /**
   * For work tried as one statement (a consumed batch of acknowledgements): the acknowledgement's
   * usual outcome tried on its summons in that statement, under the whistle's lock; refused,
   * nothing written, unless the summons is there and moves, and the batch then runs again in a
   * transaction (`handle`). An acknowledgement only: it publishes nothing and decides nothing
   * further, where an arrival may complete the whistle, decided on the whole whistle read under
   * its lock. A second answer for one summons in the batch needs the transaction as well (one
   * statement may write a row only once).
   */
  async collectAcknowledgement(
    whistleId: string,
    command: Extract<WhistleCommand, { type: 'RecordAnswer' }>,
  ): Promise<void> {
    const { transactions } = this.handler;
    if (!transactions.triesOneStatement)
      throw new Error('collectAcknowledgement is for work tried as one statement');
    const event = usual(command);
    const change = event && summonsTransition(event);
    if (event?.type !== 'AcknowledgementRecorded' || !change)
      return transactions.needsTransaction('an answer that may decide more than its summons');
    const answered = transactions.transactionLocal(ANSWERED_SUMMONS, () => new Set<string>())!;
    if (answered.has(change.summonsId.toLowerCase()))
      return transactions.needsTransaction('a second answer for one summons');
    answered.add(change.summonsId.toLowerCase());
    await transactions.collectIntoStatement(
      PENDING_ACKNOWLEDGEMENTS,
      { whistleId, change },
      (statement, items) => {
        for (const item of items) this.store.tryAnswerInto(statement, item.whistleId, item.change);
      },
    );
  }

  protected publish(
    events: WhistleEvent[],
    whistle: Whistle,
    _before: Whistle,
    causation: Causation,
  ): EventEnvelope[] {
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
      case 'SummonsAdded':
        return [
          this.events.build(SummonsAdded, whistle.caseId, causation, {
            whistleId: whistle.id,
            caseNo: whistle.caseNo,
            centerId: whistle.centerId,
            summons: summonsNamed(event.summons),
            reason: event.reason,
            addedAt: event.at.toISOString(),
            arrivalDeadline: event.summons.arrivalDeadline.toISOString(),
            slaSeconds: Math.round((event.summons.arrivalDeadline.getTime() - event.at.getTime()) / 1000),
          }),
        ];
      case 'SummonsStoodDown':
        return [
          this.events.build(SummonsStoodDown, whistle.caseId, causation, {
            whistleId: whistle.id,
            caseNo: whistle.caseNo,
            summonsId: event.summonsId,
            departmentId: event.departmentId,
            reason: event.reason,
            stoodDownAt: event.at.toISOString(),
          }),
        ];
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
