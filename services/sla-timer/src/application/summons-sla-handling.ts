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
import { thenTransition, type Transition } from '@chuishao/kernel';
import { CommandHandler, EventFactory, type Causation, type Handled } from '@chuishao/messaging';
import type { SummonsSla } from '../domain/sla';
import {
  secondsBeforeDeadline,
  summonsSlaDecider,
  type SummonsSlaCommand,
  type SummonsSlaEvent,
} from '../domain/summons-sla.decider';
import { SummonsSlaStore, type AnsweredSla } from '../infrastructure/persistence/summons-sla.store';

/** Acknowledgements, on-time arrivals and withdrawals are this service's own bookkeeping: `published` answers none. */
const PUBLISHES_NOTHING = ['AcknowledgementRecorded', 'ArrivedOnTime', 'Withdrawn'] as const;
const SILENT_TYPES: ReadonlySet<string> = new Set(PUBLISHES_NOTHING);
type SilentEvent = Extract<SummonsSlaEvent, { type: (typeof PUBLISHES_NOTHING)[number] }>;

function publishesNothing(event: SummonsSlaEvent): event is SilentEvent {
  return SILENT_TYPES.has(event.type);
}

/** A summons's usual outcomes collected for the statement: one transition, its events in order. */
interface UsualTry {
  summonsId: string;
  transition: Transition<SummonsSla>;
  events: SummonsSlaEvent[];
  cancelling: readonly string[] | null | undefined;
  onTried: Array<(sla: AnsweredSla, events: SummonsSlaEvent[]) => void>;
}

/** The timer kinds two commands cancel (null: all of them; undefined: none). */
function bothCancel(
  a: readonly string[] | null | undefined,
  b: readonly string[] | null | undefined,
): readonly string[] | null | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (a === null || b === null) return null;
  return [...new Set([...a, ...b])];
}

/** The summons a batch tried as one statement has commands for already (collectUsual). */
const TRIED_SUMMONS = Symbol('summons tried in this statement');
/** The usual outcomes collected for the statement (collectUsual). */
const PENDING_USUAL = Symbol('usual outcomes to try');

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

  /**
   * For work tried as one statement (a consumed batch of answers): the command's usual outcome
   * tried on the summons in that statement, which is refused, nothing written, unless the summons
   * is there and the outcome holds; the batch then runs again in a transaction, the careful way
   * (`handle`). `onTried` gets the summons as it was, once the statement ran. A second command for
   * one summons in the batch (an acknowledgement, then the arrival) is tried with the first as one
   * transition (one statement may write a row only once). A command with no usual outcome, one
   * whose outcome publishes an event, or one that cannot follow the first in one transition needs
   * the transaction at once.
   */
  async collectUsual(
    summonsId: string,
    command: SummonsSlaCommand,
    cancelling: readonly string[] | null | undefined,
    onTried: (sla: AnsweredSla, events: SummonsSlaEvent[]) => void,
  ): Promise<void> {
    const { transactions } = this.handler;
    if (!transactions.triesOneStatement) throw new Error('collectUsual is for work tried as one statement');
    const event = summonsSlaDecider.usual?.(command) ?? null;
    if (event === null || !publishesNothing(event))
      return transactions.needsTransaction(`a ${command.type} that may publish`);
    const transition = summonsSlaDecider.transition(event);
    const tried = transactions.transactionLocal(TRIED_SUMMONS, () => new Map<string, UsualTry>())!;
    const earlier = tried.get(summonsId);
    if (earlier) return this.follow(earlier, { transition, event, cancelling, onTried });
    const item: UsualTry = { summonsId, transition, events: [event], cancelling, onTried: [onTried] };
    tried.set(summonsId, item);
    await transactions.collectIntoStatement(PENDING_USUAL, item, (statement, items) => {
      for (const each of items)
        this.store.tryInto(statement, each.summonsId, each.transition, each.cancelling, (sla) => {
          for (const heard of each.onTried) heard(sla, each.events);
        });
    });
  }

  /** A second command's usual outcome for a summons the statement tries already: after the first. */
  private follow(
    earlier: UsualTry,
    next: Pick<UsualTry, 'transition' | 'cancelling'> & {
      event: SummonsSlaEvent;
      onTried: UsualTry['onTried'][number];
    },
  ): void {
    const both = thenTransition(earlier.transition, next.transition);
    if (both === null) return this.handler.transactions.needsTransaction('two commands for one summons');
    earlier.transition = both;
    earlier.events.push(next.event);
    earlier.cancelling = bothCancel(earlier.cancelling, next.cancelling);
    earlier.onTried.push(next.onTried);
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
    // The same set as collectUsual's, so what it writes without publishing is what publishes nothing here.
    if (publishesNothing(event)) return [];
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
        return unpublishable(event);
    }
  }
}

/** A type error when an event type is neither published above nor in PUBLISHES_NOTHING. */
function unpublishable(event: never): never {
  throw new Error(`no publication decided for ${(event as { type: string }).type}`);
}
