import { Injectable } from '@nestjs/common';
import {
  AgreementPerformanceDeadlinePassed,
  AgreementPerformanceRecorded,
  AgreementReached,
  MediationFailed,
  MediationLevelRaised,
  MediationOpened,
  MediationSessionRecorded,
  type EventEnvelope,
} from '@chuishao/contracts';
import { NotFoundError } from '@chuishao/kernel';
import { AggregateCommands, CommandHandler, EventFactory, type Causation } from '@chuishao/messaging';
import { currentLevel, type Mediation, type MediationSession } from '../domain/mediation';
import {
  decide,
  evolve,
  mediationDecider,
  type MediationCommand,
  type MediationEvent,
} from '../domain/mediation.decider';
import { MediationStore } from '../infrastructure/persistence/mediation.store';
import {
  cancelDeadlines,
  cancelPerformanceDeadline,
  scheduleLevelDeadline,
  schedulePerformanceDeadline,
  scheduleTimeLimitDeadline,
} from './ladder-deadlines';

export function mediationNotFound(id: string): NotFoundError {
  return new NotFoundError('MEDIATION_NOT_FOUND', `no mediation with id ${id}`);
}

/**
 * Every change of a mediation goes through here: the Mediation decider decides, the one
 * CommandHandler (lock and load → decide → save → outbox, in the ambient transaction) stores, and
 * `published` says which integration events each domain event stands for.
 */
@Injectable()
export class MediationCommands extends AggregateCommands<MediationCommand, Mediation, MediationEvent> {
  constructor(
    handler: CommandHandler,
    private readonly store: MediationStore,
    private readonly events: EventFactory,
  ) {
    super(handler, { decider: mediationDecider, store, genesis: { decide, evolve } });
  }

  /**
   * A mediation that is not yet: decided on nothing, inserted, MediationOpened and its deadlines
   * to the outbox, in the ambient transaction. Null when the unique indexes refused it (the
   * whistle already opened one, or the case has one open).
   */
  async open(
    command: Extract<MediationCommand, { type: 'Open' }>,
    causation: Causation,
  ): Promise<Mediation | null> {
    const opened = await this.create(command, causation, (mediation) => this.store.insert(mediation));
    return opened?.created ?? null;
  }

  /**
   * `open` in a consumed batch tried as one statement: the insert and its events join that
   * statement; `settled` hears the mediation, or null when the unique indexes refused it.
   */
  collectOpen(
    command: Extract<MediationCommand, { type: 'Open' }>,
    causation: Causation,
    settled: (opened: Mediation | null) => void,
  ): Promise<void> {
    return this.collectCreate(command, causation, (mediation) => this.store.insert(mediation), settled);
  }

  /**
   * As `handle` (a mediation that does not exist: `before` null, nothing done), but one that does
   * not exist is MEDIATION_NOT_FOUND.
   */
  async handleExisting(
    mediationId: string,
    command: MediationCommand | ((mediation: Mediation) => Promise<MediationCommand>),
    causation: Causation,
  ): Promise<{ after: Mediation; events: MediationEvent[] }> {
    const handled = await this.handle(mediationId, command, causation);
    if (!handled.after) throw mediationNotFound(mediationId);
    return { after: handled.after, events: handled.events };
  }

  protected publish(
    events: MediationEvent[],
    after: Mediation,
    before: Mediation,
    causation: Causation,
  ): EventEnvelope[] {
    return events.flatMap((event) => this.published(event, after, before, causation));
  }

  private published(event: MediationEvent, after: Mediation, before: Mediation, causation: Causation) {
    const build = this.events.build.bind(this.events);
    switch (event.type) {
      case 'MediationOpened':
        return this.opened(after, causation);
      case 'SessionRecorded':
        return [this.sessionRecorded(event.session, after, causation)];
      case 'AgreementReached':
        return [
          this.agreementReached(event.agreement, after, causation),
          ...cancelDeadlines(this.events, before, causation),
          ...schedulePerformanceDeadline(this.events, after, causation),
        ];
      case 'MediationFailed':
        return [
          build(MediationFailed, after.caseId, causation, {
            mediationId: after.id,
            reason: event.failure.reason,
            referral: event.failure.referral,
            tierLevel: currentLevel(after).level,
            failedAt: event.at.toISOString(),
          }),
          ...cancelDeadlines(this.events, before, causation),
        ];
      case 'LevelRaised':
        return [
          build(MediationLevelRaised, after.caseId, causation, {
            mediationId: after.id,
            fromLevel: event.from.level,
            toLevel: event.to.level,
            reason: 'deadline_missed',
            missedDueAt: event.from.dueAt.toISOString(),
            raisedAt: event.to.startedAt.toISOString(),
            levelDueAt: event.to.dueAt.toISOString(),
          }),
          scheduleLevelDeadline(this.events, after, event.to, causation),
        ];
      case 'PerformanceRecorded':
        return [
          build(AgreementPerformanceRecorded, after.caseId, causation, {
            performanceId: event.record.id,
            mediationId: after.id,
            agreementId: event.record.agreementId,
            outcome: event.record.outcome,
            note: event.record.note,
            performanceDeadline: after.performanceDueAt?.toISOString() ?? null,
            remedies: event.record.remedies,
            recordedBy: event.record.recordedBy,
            recordedAt: event.record.recordedAt.toISOString(),
          }),
          ...(event.record.outcome === 'performed'
            ? cancelPerformanceDeadline(this.events, after, causation)
            : []),
        ];
      case 'PerformanceCheckFellDue':
        return [
          build(AgreementPerformanceDeadlinePassed, after.caseId, causation, {
            mediationId: after.id,
            agreementId: after.agreementId!,
            mediatorId: after.mediatorId,
            performanceDeadline: event.deadline.toISOString(),
            latestOutcome: after.performance === 'performed' ? null : after.performance,
            dueAt: event.at.toISOString(),
          }),
        ];
      case 'TopLevelMissed':
      case 'TimeLimitPassed':
        // Kept and shown by GET /mediations/:id; no event of the contracts says them yet.
        return [];
    }
  }

  /** MediationOpened, and the deadlines of its first level and of its time limit. */
  private opened(after: Mediation, causation: Causation): EventEnvelope[] {
    const level = currentLevel(after);
    return [
      this.events.build(MediationOpened, after.caseId, causation, {
        mediationId: after.id,
        whistleId: after.whistleId,
        openedBy: after.openedBy,
        mediatorId: after.mediatorId,
        participants: after.participants,
        tierLevel: level.level,
        levelDueAt: level.dueAt.toISOString(),
        openedAt: after.openedAt.toISOString(),
      }),
      scheduleLevelDeadline(this.events, after, level, causation),
      scheduleTimeLimitDeadline(this.events, after, after.timeLimitDueAt!, causation),
    ];
  }

  /** The session as other services see it: no notes. */
  private sessionRecorded(session: MediationSession, after: Mediation, causation: Causation): EventEnvelope {
    return this.events.build(MediationSessionRecorded, after.caseId, causation, {
      mediationId: after.id,
      sessionId: session.id,
      mediatorId: session.mediatorId,
      startedAt: session.startedAt.toISOString(),
      endedAt: session.endedAt.toISOString(),
      participants: session.participants,
      approachLevel: session.approachLevel,
      tierLevel: session.tierLevel,
    });
  }

  private agreementReached(
    agreement: Extract<MediationEvent, { type: 'AgreementReached' }>['agreement'],
    after: Mediation,
    causation: Causation,
  ): EventEnvelope {
    return this.events.build(AgreementReached, after.caseId, causation, {
      agreementId: agreement.id,
      mediationId: after.id,
      parties: agreement.partySignatures.map((s) => s.party),
      mediatorId: agreement.mediatorSignature.mediator,
      matters: agreement.mattersInDispute,
      terms: agreement.terms,
      amount: agreement.amount,
      performanceDeadline: agreement.performance.deadline?.toISOString() ?? null,
      effectiveAt: agreement.effectiveAt.toISOString(),
    });
  }
}
