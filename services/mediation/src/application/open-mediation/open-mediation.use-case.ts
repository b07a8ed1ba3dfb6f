import { Inject, Injectable } from '@nestjs/common';
import type { MediationTierLevel } from '@chuishao/contracts';
import {
  CLOCK,
  ConflictError,
  LOGGER,
  NotFoundError,
  uuidv7,
  type Clock,
  type Logger,
} from '@chuishao/kernel';
import type { LegalCalendar } from '@chuishao/legal-calendar';
import type { Causation } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import type { Mediation, OpenedBy } from '../../domain/mediation';
import { KnownCasesRepository } from '../../infrastructure/persistence/known-cases.repository';
import { LegalTime } from '../legal-time/legal-time';
import { MediationCommands } from '../mediation-commands';
import { MEDIATION_SETTINGS, type MediationSettings } from '../mediation-settings';

export interface OpenMediationCommand {
  caseId: string;
  openedBy: OpenedBy;
  whistleId: string | null;
  /** Named by whoever opens it; otherwise the center's default mediator, if configured. */
  mediatorId: string | null;
  participants: string[];
  startLevel?: MediationTierLevel;
  causation: Causation;
}

@Injectable()
export class OpenMediation {
  private readonly logger: Logger;

  constructor(
    private readonly transactions: TransactionHost,
    private readonly knownCases: KnownCasesRepository,
    private readonly commands: MediationCommands,
    private readonly legalTime: LegalTime,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MEDIATION_SETTINGS) private readonly settings: MediationSettings,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child('open-mediation');
  }

  /** By hand: the case must be known and have no open mediation. */
  async byHand(command: OpenMediationCommand): Promise<Mediation> {
    return this.transactions.run(async () => {
      const { known, schedules } = await this.knownCases.findWithSchedules(command.caseId);
      if (!known)
        throw new NotFoundError('CASE_NOT_FOUND', `mediation knows no case ${command.caseId} (yet)`);
      const opened = await this.open(command, known.centerId, this.legalTime.calendarOf(schedules));
      if (!opened) {
        throw new ConflictError(
          'MEDIATION_ALREADY_OPEN',
          `case ${known.caseNo} already has an open mediation`,
        );
      }
      return opened;
    });
  }

  /**
   * On WhistleCompleted. A whistle opens at most one mediation, and none while the case has one
   * open (a second whistle on a case under mediation brings more departments, not a second table).
   */
  async onWhistleCompleted(command: OpenMediationCommand): Promise<Mediation | null> {
    return this.transactions.run(async () => {
      const { known, schedules } = await this.knownCases.findWithSchedules(command.caseId);
      const opened = await this.open(command, known?.centerId ?? null, this.legalTime.calendarOf(schedules));
      if (!opened)
        this.logger.info('whistle completed on a case already under mediation; none opened', {
          caseId: command.caseId,
          whistleId: command.whistleId,
        });
      return opened;
    });
  }

  /** `calendar`: read with the case, one statement (KnownCasesRepository.findWithSchedules). */
  private async open(
    command: OpenMediationCommand,
    centerId: string | null,
    calendar: LegalCalendar,
  ): Promise<Mediation | null> {
    const now = this.clock.now();
    const id = uuidv7(now.getTime());
    const context = { mediationId: id, caseId: command.caseId };
    return this.commands.open(
      {
        type: 'Open',
        id,
        caseId: command.caseId,
        whistleId: command.whistleId,
        openedBy: command.openedBy,
        mediatorId:
          command.mediatorId ?? (centerId ? (this.settings.defaultMediators[centerId] ?? null) : null),
        participants: command.participants,
        startLevel: command.startLevel ?? this.settings.startLevel,
        ladder: this.legalTime.ladder(calendar, this.settings.ladder, context),
        timeLimitDueAt: this.legalTime.endOf(
          calendar,
          now,
          this.settings.timeLimit,
          'mediation.time-limit',
          context,
        ),
        at: now,
      },
      command.causation,
    );
  }
}
