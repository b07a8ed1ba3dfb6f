import { Injectable } from '@nestjs/common';
import type { RawBuilder } from 'kysely';
import {
  DepartmentArrived,
  SummonsAcknowledged,
  SummonsDeclined,
  type EventEnvelope,
} from '@chuishao/contracts';
import { CommandHandler, EventFactory, type Causation } from '@chuishao/messaging';
import { summonsNotFound } from '../domain/department-access';
import type { NewSummons, Summons } from '../domain/summons';
import {
  decide,
  evolve,
  summonsDecider,
  usual,
  type SummonsAnswer,
  type SummonsCommand,
  type SummonsEvent,
} from '../domain/summons.decider';
import { SummonsFactsCache, type SummonsFacts } from '../infrastructure/persistence/summons-facts';
import { SummonsStore, type StoredSummons } from '../infrastructure/persistence/summons.store';

/**
 * Every change of a summons goes through here: the Summons decider decides, and the one
 * CommandHandler (lock and load → decide → save → outbox, in one transaction) stores, with
 * `published` saying which integration event each domain event stands for.
 *
 * An answer's usual case (the summoned department's liaison, valid input, a summons in a state
 * that allows it) is tried first as ONE statement: the decider's transition as a conditional
 * UPDATE, with the event's outbox and audit rows, atomic on its own, so no BEGIN and COMMIT (the
 * event is built beforehand from the summons' facts, which never change). Round trips are what
 * bounds the department under load (bench/FINDINGS.md), and the handler's transaction would add
 * two. Only when that writes nothing does the handler run, in a transaction: load and lock, then
 * the decider's 404, 403, 409 or 400 in the decider's order, so a refusal has written nothing.
 * Inside a caller's transaction (an Idempotency-Key) both paths join it.
 */
@Injectable()
export class SummonsCommands {
  constructor(
    private readonly handler: CommandHandler,
    private readonly store: SummonsStore,
    private readonly facts: SummonsFactsCache,
    private readonly events: EventFactory,
  ) {}

  /** A liaison's answer; throws the decider's refusal. */
  async answer(command: SummonsAnswer, causation: Causation): Promise<Summons> {
    const event = usual(command);
    if (event) {
      const facts = await this.facts.of(command.summonsId);
      if (facts && facts.departmentId === event.departmentId) {
        const after = await this.store.tryAnswer(event, this.published(event, facts, causation));
        if (after) return after;
      }
    }
    const handled = await this.handler.handle(command.summonsId, command, {
      decider: summonsDecider,
      store: this.store,
      publish: (events: SummonsEvent[], after: Summons) =>
        events.flatMap((e) => this.published(e, after, causation)),
    });
    if (!handled.after) throw summonsNotFound(command.summonsId);
    return handled.after;
  }

  /**
   * Dispatch stood the department down: the summons, locked, moves to stood_down if it still can.
   * Answers it as it now stands when it moved, null otherwise (unknown, or already past).
   */
  async standDown(command: Extract<SummonsCommand, { type: 'StandDown' }>): Promise<Summons | null> {
    const handled = await this.handler.handle(command.summonsId, command, {
      decider: summonsDecider,
      store: this.store,
      // No integration event: dispatch's SummonsStoodDown told everyone already.
      publish: () => [],
    });
    return handled.events.length > 0 ? handled.after : null;
  }

  /**
   * Summons dispatch issued, each decided on nothing (there is none yet) and inserted in one
   * statement; the unique key keeps one already stored as it is. Answers those that were new, and
   * what `alongside` read in the same statement (SummonsStore.insertNew).
   */
  notify(
    summons: readonly NewSummons[],
    alongside?: RawBuilder<unknown>,
  ): Promise<{ stored: StoredSummons[]; alongside: unknown }> {
    const received = summons.flatMap((s) =>
      decide({ type: 'Notify', summons: s }, null).map((event) => evolve(null, event)),
    );
    return this.store.insertNew(received, alongside);
  }

  private published(event: SummonsEvent, facts: SummonsFacts, causation: Causation): EventEnvelope[] {
    const summons = { summonsId: facts.id, whistleId: facts.whistleId, departmentId: facts.departmentId };
    const build = this.events.build.bind(this.events);
    switch (event.type) {
      case 'SummonsAcknowledged':
        return [
          build(SummonsAcknowledged, facts.caseId, causation, {
            ...summons,
            acknowledgedAt: event.at.toISOString(),
          }),
        ];
      case 'ArrivalReported':
        return [
          build(DepartmentArrived, facts.caseId, causation, {
            ...summons,
            arrivedAt: event.at.toISOString(),
            note: event.note,
            location: event.location,
          }),
        ];
      case 'SummonsDeclined':
        return [
          build(SummonsDeclined, facts.caseId, causation, {
            ...summons,
            declinedAt: event.at.toISOString(),
            reason: event.reason,
          }),
        ];
      case 'SummonsNotified':
      case 'SummonsStoodDown':
        // Received from dispatch: nothing to tell anyone but the notifications (PlanNotifications).
        return [];
    }
  }
}
