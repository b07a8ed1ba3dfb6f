import { Inject, Injectable } from '@nestjs/common';
import {
  ConfirmationAccepted,
  ConfirmationDeadlineMissed,
  ConfirmationGranted,
  ConfirmationRejected,
  ConfirmationRequested,
  ConfirmationWindowClosingNotified,
  type EventEnvelope,
} from '@chuishao/contracts';
import { EventFactory, type Causation } from '@chuishao/messaging';
import type { ConfirmationRequest } from '../domain/confirmation-request';
import type { Confirmation, ConfirmationEvent } from '../domain/confirmation-request.decider';
import { DEADLINE_KINDS } from '../domain/deadlines';
import { DeadlineRequests, JUDICIAL_ACTOR, windowDeadlines } from './deadline-requests';
import { JUDICIAL_SETTINGS, type JudicialSettings } from './judicial-settings';

type Of<T extends ConfirmationEvent['type']> = Extract<ConfirmationEvent, { type: T }>;

/**
 * Which integration events (on `judicial`, and deadline requests on `sla`) each domain event
 * stands for. A court's word is the court's act in the application's correlation; what it sets
 * off here (the window reopened) is this service's.
 */
@Injectable()
export class ConfirmationPublications {
  constructor(
    private readonly events: EventFactory,
    @Inject(JUDICIAL_SETTINGS) private readonly settings: JudicialSettings,
  ) {}

  of(events: ConfirmationEvent[], after: Confirmation, causation: Causation): EventEnvelope[] {
    return events.flatMap((event) => this.published(event, after, causation));
  }

  private published(event: ConfirmationEvent, after: Confirmation, causation: Causation): EventEnvelope[] {
    const { agreement } = after;
    const requestOf = (id: string) => after.requests.find((r) => r.requestId === id)!;
    switch (event.type) {
      case 'AgreementRecorded':
        return windowDeadlines(
          this.deadlines(agreement.caseId, causation),
          agreement,
          this.settings,
          event.at,
        );
      case 'ConfirmationRequested':
        return this.requested(event, after, causation);
      case 'ConfirmationAccepted':
      case 'ConfirmationRefused':
      case 'RulingExtended':
      case 'ConfirmationRuled':
        return this.courtsWord(event, requestOf(event.requestId));
      case 'WindowReopened': {
        const request = requestOf(event.requestId);
        const reopened = { actor: JUDICIAL_ACTOR, correlationId: request.correlationId };
        return windowDeadlines(this.deadlines(request.caseId, reopened), agreement, this.settings, event.at);
      }
      case 'WindowClosingNotified':
        return [
          this.events.build(ConfirmationWindowClosingNotified, agreement.caseId, causation, {
            agreementId: agreement.agreementId,
            windowClosesAt: event.windowClosesAt.toISOString(),
            secondsRemaining: event.secondsRemaining,
          }),
        ];
      case 'WindowMissed':
      case 'AcceptanceMissed':
      case 'RulingMissed':
        return [this.missed(event, after, causation)];
      default:
        // Filing attempts and the callbacks acted on are this service's own bookkeeping.
        return [];
    }
  }

  private deadlines(caseId: string, causation: Causation): DeadlineRequests {
    return new DeadlineRequests(this.events, caseId, causation);
  }

  /** The application, and its deadlines: the window's disarmed, the court's acceptance armed. */
  private requested(event: Of<'ConfirmationRequested'>, after: Confirmation, causation: Causation) {
    const { request } = event;
    const { agreement } = after;
    const deadlines = this.deadlines(agreement.caseId, causation);
    return [
      this.events.build(ConfirmationRequested, agreement.caseId, causation, {
        requestId: request.requestId,
        agreementId: agreement.agreementId,
        courtId: request.courtId,
        consentingParties: request.consentingParties,
        requestedAt: request.requestedAt.toISOString(),
        windowClosesAt: agreement.windowClosesAt.toISOString(),
      }),
      deadlines.cancel(DEADLINE_KINDS.windowReminder, agreement.agreementId),
      deadlines.cancel(DEADLINE_KINDS.window, agreement.agreementId),
      deadlines.schedule(DEADLINE_KINDS.acceptance, request.requestId, event.acceptanceEnd.dueAt, {
        agreementId: agreement.agreementId,
      }),
    ];
  }

  private courtsWord(
    event: Of<'ConfirmationAccepted' | 'ConfirmationRefused' | 'RulingExtended' | 'ConfirmationRuled'>,
    request: ConfirmationRequest,
  ): EventEnvelope[] {
    const causation = {
      actor: { role: 'court' as const, id: request.courtId },
      correlationId: request.correlationId,
    };
    const deadlines = this.deadlines(request.caseId, causation);
    const build = this.events.build.bind(this.events);
    const base = { requestId: request.requestId, agreementId: request.agreementId, courtId: request.courtId };
    const context = { agreementId: request.agreementId };
    switch (event.type) {
      case 'ConfirmationAccepted':
        return [
          build(ConfirmationAccepted, request.caseId, causation, {
            ...base,
            courtCaseNumber: request.courtCaseNumber!,
            acceptedAt: request.acceptedAt!.toISOString(),
            rulingDueAt: request.rulingDueAt!.toISOString(),
          }),
          deadlines.cancel(DEADLINE_KINDS.acceptance, request.requestId),
          deadlines.schedule(DEADLINE_KINDS.ruling, request.requestId, request.rulingDueAt!, context),
        ];
      case 'ConfirmationRefused':
        return [
          build(ConfirmationRejected, request.caseId, causation, {
            ...base,
            stage: 'filing',
            courtCaseNumber: null,
            reasons: request.reasons,
            rejectedAt: request.ruledAt!.toISOString(),
          }),
          deadlines.cancel(DEADLINE_KINDS.acceptance, request.requestId),
        ];
      case 'RulingExtended':
        // Same deadline id: sla-timer re-arms the ruling timer at the extended due time.
        return [
          deadlines.schedule(DEADLINE_KINDS.ruling, request.requestId, request.rulingDueAt!, {
            ...context,
            extended: true,
          }),
        ];
      case 'ConfirmationRuled':
        return [
          event.outcome === 'confirmed'
            ? build(ConfirmationGranted, request.caseId, causation, {
                ...base,
                courtCaseNumber: request.courtCaseNumber!,
                ruledAt: request.ruledAt!.toISOString(),
              })
            : build(ConfirmationRejected, request.caseId, causation, {
                ...base,
                stage: 'ruling',
                courtCaseNumber: request.courtCaseNumber,
                reasons: request.reasons,
                rejectedAt: request.ruledAt!.toISOString(),
              }),
          deadlines.cancel(DEADLINE_KINDS.ruling, request.requestId),
        ];
    }
  }

  private missed(
    event: Of<'WindowMissed' | 'AcceptanceMissed' | 'RulingMissed'>,
    after: Confirmation,
    causation: Causation,
  ): EventEnvelope {
    const deadline = {
      WindowMissed: 'window',
      AcceptanceMissed: 'acceptance',
      RulingMissed: 'ruling',
    } as const;
    const request =
      event.type === 'WindowMissed' ? null : after.requests.find((r) => r.requestId === event.requestId)!;
    return this.events.build(ConfirmationDeadlineMissed, (request ?? after.agreement).caseId, causation, {
      agreementId: after.agreement.agreementId,
      requestId: request?.requestId ?? null,
      deadline: deadline[event.type],
      dueAt: event.dueAt.toISOString(),
    });
  }
}
