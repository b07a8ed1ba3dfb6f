import { Inject, Injectable } from '@nestjs/common';
import { reachesCase, type CenterPost } from '@chuishao/auth';
import { ConfirmationRequested } from '@chuishao/contracts';
import { CLOCK, ConflictError, NotFoundError, uuidv7, type Clock } from '@chuishao/kernel';
import { EventFactory, OutboxWriter, type Causation } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { assertMayApply, mayFile } from '../../domain/agreement';
import type { ConfirmationRequest } from '../../domain/confirmation-request';
import { DEADLINE_KINDS } from '../../domain/deadlines';
import { JudicialRepository } from '../../infrastructure/persistence/judicial.repository';
import { KnownCasesRepository } from '../../infrastructure/persistence/known-cases.repository';
import { DeadlineRequests } from '../deadline-requests';
import { JUDICIAL_SETTINGS, type JudicialSettings } from '../judicial-settings';
import { LegalPeriods } from '../legal-time/legal-periods';
import { ApplicationSubmitter } from '../submit-applications/application-submitter';

export interface RequestConfirmationCommand {
  agreementId: string;
  consentingParties: string[];
  /** Who files, as far as the center network goes: a clerk files for cases of their own center. */
  filer: CenterPost;
  causation: Causation;
}

/**
 * The parties apply, jointly, for a court to confirm their agreement. Recorded as `submitting`
 * with ConfirmationRequested in the same transaction; the submitter files it with the court
 * afterwards, retrying while the court is down, so the caller never waits on the court.
 */
@Injectable()
export class RequestConfirmation {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly repository: JudicialRepository,
    private readonly knownCases: KnownCasesRepository,
    private readonly outbox: OutboxWriter,
    private readonly events: EventFactory,
    private readonly submitter: ApplicationSubmitter,
    private readonly periods: LegalPeriods,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(JUDICIAL_SETTINGS) private readonly settings: JudicialSettings,
  ) {}

  execute(command: RequestConfirmationCommand): Promise<ConfirmationRequest> {
    return this.transactions.run(async (manager) => {
      // Locked: two applications for one agreement at once are judged one after the other.
      const agreement = await this.repository.agreement(command.agreementId, true);
      // Another mediator, or a clerk of another center, learns nothing of it (issue 16).
      if (
        !agreement ||
        !mayFile(agreement, command.causation.actor) ||
        !(await this.reaches(command.filer, agreement.caseId))
      )
        throw new NotFoundError('AGREEMENT_NOT_FOUND', `no agreement ${command.agreementId} (yet)`);
      const now = this.clock.now();
      assertMayApply(agreement, command.consentingParties, now);
      const live = await this.repository.liveRequestOf(agreement.agreementId);
      if (live)
        throw new ConflictError(
          'CONFIRMATION_ALREADY_REQUESTED',
          `the agreement already has an application (${live.status})`,
          { requestId: live.requestId, status: live.status },
        );
      const request: ConfirmationRequest = {
        requestId: uuidv7(now.getTime()),
        agreementId: agreement.agreementId,
        caseId: agreement.caseId,
        courtId: this.settings.courtId,
        consentingParties: [...new Set(command.consentingParties)],
        requestedBy: command.causation.actor.id,
        requestedAt: now,
        status: 'submitting',
        filingId: null,
        courtCaseNumber: null,
        reasons: [],
        submitAttempts: 0,
        nextAttemptAt: now,
        lastError: null,
        submittedAt: null,
        acceptedAt: null,
        rulingDueAt: null,
        rulingExtended: false,
        ruledAt: null,
        correlationId: command.causation.correlationId,
      };
      // The court decides on acceptance within 3 days of the application (legal calendar).
      const acceptanceEnd = this.periods.checked(
        (await this.periods.calendar()).endOf(now, this.settings.acceptance),
        'confirmation.acceptance',
        { requestId: request.requestId, caseId: request.caseId },
      );
      await this.repository.insertRequest(request);
      await this.repository.setWindowState(agreement.agreementId, 'applied');
      const deadlines = new DeadlineRequests(this.events, agreement.caseId, command.causation);
      await this.outbox.append(manager, [
        this.events.build(ConfirmationRequested, agreement.caseId, command.causation, {
          requestId: request.requestId,
          agreementId: agreement.agreementId,
          courtId: request.courtId,
          consentingParties: request.consentingParties,
          requestedAt: now.toISOString(),
          windowClosesAt: agreement.windowClosesAt.toISOString(),
        }),
        deadlines.cancel(DEADLINE_KINDS.windowReminder, agreement.agreementId),
        deadlines.cancel(DEADLINE_KINDS.window, agreement.agreementId),
        deadlines.schedule(DEADLINE_KINDS.acceptance, request.requestId, acceptanceEnd.dueAt, {
          agreementId: agreement.agreementId,
        }),
      ]);
      this.transactions.afterCommit(() => this.submitter.wake());
      return request;
    });
  }

  private async reaches(filer: CenterPost, caseId: string): Promise<boolean> {
    return reachesCase(filer, filer.centerId ? await this.knownCases.centerPath(caseId) : null);
  }
}
