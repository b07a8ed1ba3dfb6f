import { Injectable } from '@nestjs/common';
import {
  CaseClosed,
  CaseReferred,
  CaseRegistered,
  CaseReopened,
  FollowUpRecorded,
  FollowUpScheduled,
  type EventEnvelope,
  type EventOf,
} from '@chuishao/contracts';
import { AggregateCommands, CommandHandler, EventFactory, type Causation } from '@chuishao/messaging';
import {
  caseDecider,
  decide,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
} from '../domain/case.decider';
import { furthestProgress, type RecordProgress } from '../domain/case-progress';
import type { DisputeCase } from '../domain/dispute-case';
import { CaseStore } from '../infrastructure/persistence/case.store';

/** Where a case is registered, as CaseRegistered names it (the center's place in the tree). */
export type RegisteredCenter = EventOf<typeof CaseRegistered>['payload']['center'];

/**
 * Every change of a case goes through here: the Case decider decides, the one CommandHandler
 * (lock and load → decide → save → outbox, in the ambient transaction) stores, and `published`
 * says which integration events each domain event stands for (progress reported by others
 * publishes none).
 */
@Injectable()
export class CaseCommands extends AggregateCommands<CaseCommand, CaseState, CaseEvent> {
  constructor(
    handler: CommandHandler,
    private readonly store: CaseStore,
    private readonly events: EventFactory,
  ) {
    super(handler, { decider: caseDecider, store });
  }

  /** A case that is not yet: decided on nothing, inserted, CaseRegistered to the outbox. */
  register(
    command: Extract<CaseCommand, { type: 'Register' }>,
    center: RegisteredCenter,
    causation: Causation,
  ): Promise<DisputeCase> {
    return this.handler.transactions.run(async () => {
      const [registered] = decide(command, null);
      if (registered?.type !== 'CaseRegistered') throw new Error('a registration that decided no case');
      await this.store.insert(registered.dispute);
      await this.handler.appendToOutbox([this.registered(registered.dispute, center, causation)]);
      return registered.dispute;
    });
  }

  /**
   * A progress report another service made, tried with the transaction's other reports when it
   * commits (one statement for a consumer's batch): each case's reports become the furthest one,
   * which ends where all of them one by one would (domain/case-progress.ts), and that move is
   * tried as the decider's transition. Progress publishes nothing, so nothing goes to the outbox.
   */
  recordProgressAtCommit(caseId: string, move: RecordProgress, whenUnknown: () => void): Promise<void> {
    return this.store.progressAtCommit({ caseId, move, whenUnknown }, (moves) => {
      const { status, at } = furthestProgress(moves);
      return caseDecider.transition({ type: 'ProgressRecorded', status, at });
    });
  }

  protected publish(events: CaseEvent[], after: CaseState, _before: CaseState, causation: Causation) {
    return events.flatMap((event) => this.published(event, after, causation));
  }

  private published(event: CaseEvent, after: CaseState, causation: Causation): EventEnvelope[] {
    switch (event.type) {
      case 'CaseClosed':
        return [
          this.events.build(CaseClosed, after.id, causation, {
            reason: event.reason,
            closedAt: event.at.toISOString(),
          }),
        ];
      case 'CaseReferred':
        return [
          this.events.build(CaseReferred, after.id, causation, {
            caseNo: after.caseNo,
            direction: event.direction,
            from: event.from,
            to: event.to,
            reason: event.reason,
            referredAt: event.at.toISOString(),
          }),
        ];
      case 'FollowUpScheduled':
        return [
          this.events.build(FollowUpScheduled, after.id, causation, {
            caseNo: after.caseNo,
            closedAt: event.closedAt.toISOString(),
            dueAt: event.dueAt.toISOString(),
          }),
        ];
      case 'FollowUpRecorded':
        return [
          this.events.build(FollowUpRecorded, after.id, causation, {
            caseNo: after.caseNo,
            channel: event.channel,
            answer: event.answer,
            resolved: event.resolved,
            comment: event.comment,
            closedAt: event.closedAt.toISOString(),
            recordedAt: event.at.toISOString(),
          }),
        ];
      case 'CaseReopened':
        return [
          this.events.build(CaseReopened, after.id, causation, {
            caseNo: after.caseNo,
            comment: event.comment,
            reopenedAt: event.at.toISOString(),
          }),
        ];
      case 'ProgressRecorded':
        return []; // read from another service's event; intake says nothing more about it
      case 'CaseRegistered':
        throw new Error('a registration is published by register, with its center');
    }
  }

  /** CaseRegistered carries the parties masked only (SPEC: never in full in events). */
  private registered(dispute: DisputeCase, center: RegisteredCenter, causation: Causation): EventEnvelope {
    return this.events.build(CaseRegistered, dispute.id, causation, {
      caseNo: dispute.caseNo,
      center,
      channel: dispute.channel,
      disputeType: dispute.disputeType,
      summary: dispute.summary,
      headcount: dispute.headcount,
      urgency: dispute.urgency,
      place: dispute.place ?? null,
      parties: dispute.parties.map((p) => ({
        partyId: p.id,
        role: p.role,
        name: p.name,
        idNumberMasked: p.idNumberMasked,
        phoneMasked: p.phoneMasked,
      })),
      registeredAt: dispute.registeredAt.toISOString(),
    });
  }
}
