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
import type { MediationCommand } from '../../domain/mediation.decider';
import { HolidayScheduleRepository } from '../../infrastructure/persistence/holiday-schedule.repository';
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

/** The cases a batch tried as one statement opens (one opening each: a row is written once). */
const OPENING_CASES = Symbol('cases opening in this batch');

@Injectable()
export class OpenMediation {
  private readonly logger: Logger;

  constructor(
    private readonly transactions: TransactionHost,
    private readonly knownCases: KnownCasesRepository,
    private readonly schedules: HolidayScheduleRepository,
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
  async onWhistleCompleted(command: OpenMediationCommand): Promise<void> {
    if (this.transactions.triesOneStatement) return this.collectOpening(command);
    await this.transactions.run(async () => {
      const { known, schedules } = await this.knownCases.findWithSchedules(command.caseId);
      const calendar = this.legalTime.calendarOf(schedules);
      const opened = await this.open(command, known?.centerId ?? null, calendar);
      if (!opened) this.noneOpened(command);
    });
  }

  /**
   * onWhistleCompleted in a consumed batch tried as one statement (issue 22: it was BEGIN, inbox,
   * the case with the schedules, the insert, COMMIT): decided on the schedules as last read, the
   * statement refused unless they still stand. What needs a read or a second write to one case
   * needs the transaction: no schedules read yet, a center's default mediator (the case's center),
   * a second opening of one case in the batch.
   */
  private async collectOpening(command: OpenMediationCommand): Promise<void> {
    const { transactions } = this;
    const schedules = this.schedules.remembered;
    if (!schedules) return transactions.needsTransaction('the holiday schedules, not read yet');
    if (command.mediatorId === null && Object.keys(this.settings.defaultMediators).length > 0)
      return transactions.needsTransaction("the case's center, for its default mediator");
    const opening = transactions.transactionLocal(OPENING_CASES, () => new Set<string>())!;
    if (opening.has(command.caseId.toLowerCase()))
      return transactions.needsTransaction('a second opening of one case');
    opening.add(command.caseId.toLowerCase());
    await this.schedules.collectStillSo(schedules);
    const calendar = this.legalTime.calendarOf(schedules);
    await this.commands.collectOpen(
      this.openCommand(command, null, calendar),
      command.causation,
      (opened) => {
        if (!opened) this.noneOpened(command);
      },
    );
  }

  private noneOpened(command: OpenMediationCommand): void {
    this.logger.info('whistle completed on a case already under mediation; none opened', {
      caseId: command.caseId,
      whistleId: command.whistleId,
    });
  }

  /** `calendar`: read with the case, one statement (KnownCasesRepository.findWithSchedules). */
  private open(
    command: OpenMediationCommand,
    centerId: string | null,
    calendar: LegalCalendar,
  ): Promise<Mediation | null> {
    return this.commands.open(this.openCommand(command, centerId, calendar), command.causation);
  }

  /** The decider's Open: its mediator, start level, ladder and time limit, from now. */
  private openCommand(
    command: OpenMediationCommand,
    centerId: string | null,
    calendar: LegalCalendar,
  ): Extract<MediationCommand, { type: 'Open' }> {
    const now = this.clock.now();
    const id = uuidv7(now.getTime());
    const context = { mediationId: id, caseId: command.caseId };
    return {
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
    };
  }
}
