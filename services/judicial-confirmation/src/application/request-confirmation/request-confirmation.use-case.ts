import { Inject, Injectable } from '@nestjs/common';
import { reachesCase, type CenterPost } from '@chuishao/auth';
import { CLOCK, uuidv7, type Clock } from '@chuishao/kernel';
import type { Causation } from '@chuishao/messaging';
import { KnownCaseCenters, TransactionHost } from '@chuishao/persistence';
import type { ConfirmationRequest } from '../../domain/confirmation-request';
import { agreementNotFound } from '../../domain/confirmation-request.decider';
import { ConfirmationCommands } from '../confirmation-commands';
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
    private readonly commands: ConfirmationCommands,
    private readonly knownCases: KnownCaseCenters,
    private readonly submitter: ApplicationSubmitter,
    private readonly periods: LegalPeriods,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(JUDICIAL_SETTINGS) private readonly settings: JudicialSettings,
  ) {}

  execute(command: RequestConfirmationCommand): Promise<ConfirmationRequest> {
    return this.transactions.run(async () => {
      const now = this.clock.now();
      const requestId = uuidv7(now.getTime());
      const calendar = await this.periods.calendar();
      // Under the agreement's lock: two applications for one agreement are judged one after the other.
      const handled = await this.commands.handle(
        command.agreementId,
        async ({ agreement }) => ({
          type: 'RequestConfirmation',
          requestId,
          courtId: this.settings.courtId,
          consentingParties: command.consentingParties,
          filer: command.causation.actor,
          filerReachesCase: await this.reaches(command.filer, agreement.caseId),
          acceptance: this.settings.acceptance,
          calendar,
          correlationId: command.causation.correlationId,
          at: now,
        }),
        command.causation,
      );
      if (!handled.after) throw agreementNotFound(command.agreementId);
      this.transactions.afterCommit(() => this.submitter.wake());
      return handled.after.requests.find((r) => r.requestId === requestId)!;
    });
  }

  private async reaches(filer: CenterPost, caseId: string): Promise<boolean> {
    return reachesCase(filer, filer.centerId ? await this.knownCases.centerPath(caseId) : null);
  }
}
