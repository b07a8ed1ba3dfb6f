import { Inject, Injectable } from '@nestjs/common';
import { MediationOpened, type MediationTierLevel } from '@chuishao/contracts';
import {
  CLOCK,
  ConflictError,
  LOGGER,
  NotFoundError,
  uuidv7,
  type Clock,
  type Logger,
} from '@chuishao/kernel';
import { EventFactory, OutboxWriter, type Causation } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { currentLevel, openMediation, type Mediation, type OpenedBy } from '../../domain/mediation';
import { MediationRepository } from '../../infrastructure/persistence/mediation.repository';
import { LegalTime } from '../legal-time/legal-time';
import { scheduleLevelDeadline, scheduleTimeLimitDeadline } from '../ladder-deadlines';
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
    private readonly repository: MediationRepository,
    private readonly outbox: OutboxWriter,
    private readonly events: EventFactory,
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
      const known = await this.repository.findKnownCase(command.caseId);
      if (!known)
        throw new NotFoundError('CASE_NOT_FOUND', `mediation knows no case ${command.caseId} (yet)`);
      const opened = await this.open(command, known.centerId);
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
      const known = await this.repository.findKnownCase(command.caseId);
      const opened = await this.open(command, known?.centerId ?? null);
      if (!opened)
        this.logger.info('whistle completed on a case already under mediation; none opened', {
          caseId: command.caseId,
          whistleId: command.whistleId,
        });
      return opened;
    });
  }

  private async open(command: OpenMediationCommand, centerId: string | null): Promise<Mediation | null> {
    const now = this.clock.now();
    const id = uuidv7(now.getTime());
    const context = { mediationId: id, caseId: command.caseId };
    const mediation = openMediation({
      id,
      caseId: command.caseId,
      whistleId: command.whistleId,
      openedBy: command.openedBy,
      mediatorId:
        command.mediatorId ?? (centerId ? (this.settings.defaultMediators[centerId] ?? null) : null),
      participants: command.participants,
      startLevel: command.startLevel ?? this.settings.startLevel,
      ladder: this.legalTime.ladder(this.settings.ladder, context),
      timeLimitDueAt: this.legalTime.endOf(now, this.settings.timeLimit, 'mediation.time-limit', context),
      now,
    });
    if (!(await this.repository.insertMediation(mediation))) return null;
    const level = currentLevel(mediation);
    await this.outbox.append(this.transactions.manager, [
      this.events.build(MediationOpened, mediation.caseId, command.causation, {
        mediationId: mediation.id,
        whistleId: mediation.whistleId,
        openedBy: mediation.openedBy,
        mediatorId: mediation.mediatorId,
        participants: mediation.participants,
        tierLevel: level.level,
        levelDueAt: level.dueAt.toISOString(),
        openedAt: mediation.openedAt.toISOString(),
      }),
      scheduleLevelDeadline(this.events, mediation, level, command.causation),
      scheduleTimeLimitDeadline(this.events, mediation, mediation.timeLimitDueAt!, command.causation),
    ]);
    return mediation;
  }
}
