import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, ConflictError, NotFoundError, uuidv7, type Clock } from '@chuishao/kernel';
import type { Causation } from '@chuishao/messaging';
import { reachesCase, type CenterPost } from '@chuishao/auth';
import type { DirectoryDepartment } from '../../domain/routing';
import type { Whistle } from '../../domain/whistle';
import { DepartmentDirectory } from '../../infrastructure/department-directory/department-directory';
import { KnownCasesRepository } from '../../infrastructure/persistence/known-cases.repository';
import { DISPATCH_SETTINGS, type DispatchSettings } from '../dispatch-settings';
import { WhistleCommands } from '../whistle-commands';

export interface BlowWhistleCommand {
  caseId: string;
  /** Named by the operator; otherwise the routing rule of the case's dispute type decides. */
  departmentIds?: string[];
  reason?: string;
  /** The operator's deadline for this whistle; the configured SLA otherwise. */
  arrivalWithinSeconds?: number;
  /** The operator: only cases of their center or below (others answer as unknown). */
  operator: CenterPost;
  causation: Causation;
}

/**
 * How often the case is read again when it changed between the read and the insert. A change is
 * a closure, a referral or another whistle: the second read sees it, and the decider answers.
 */
const READS_OF_A_CHANGING_CASE = 3;

/**
 * The operator blows the whistle on a case; the Whistle decider says whom it summons, or why not.
 * No transaction: the case is read, the decider decides, and one statement inserts the whistle
 * with its events if the case is still as read (two statements where a transaction took five).
 */
@Injectable()
export class BlowWhistle {
  constructor(
    private readonly cases: KnownCasesRepository,
    private readonly directory: DepartmentDirectory,
    private readonly whistles: WhistleCommands,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DISPATCH_SETTINGS) private readonly settings: DispatchSettings,
  ) {}

  async execute(command: BlowWhistleCommand): Promise<Whistle> {
    const directory = await this.directory.departments();
    for (let read = 1; ; read += 1) {
      const blown = await this.blowOnCaseAsRead(command, directory);
      if (blown) return blown;
      if (read === READS_OF_A_CHANGING_CASE)
        throw new ConflictError('CASE_CHANGING', `case ${command.caseId} kept changing; try again`);
    }
  }

  /** Reads the case and blows on it; null when the case changed before the whistle was written. */
  private async blowOnCaseAsRead(
    command: BlowWhistleCommand,
    directory: readonly DirectoryDepartment[],
  ): Promise<Whistle | null> {
    const known = await this.cases.caseToWhistle(command.caseId);
    if (!known || !reachesCase(command.operator, known.centerPath))
      throw new NotFoundError('CASE_NOT_FOUND', `dispatch knows no case ${command.caseId} (yet)`);
    const now = this.clock.now();
    return this.whistles.blow(
      {
        type: 'Blow',
        whistleId: uuidv7(now.getTime()),
        case: known,
        departmentIds: command.departmentIds,
        directory,
        reason: command.reason?.trim() || null,
        at: now,
        slaSeconds: command.arrivalWithinSeconds ?? this.settings.arrivalSlaSeconds,
        newSummonsId: () => uuidv7(now.getTime()),
      },
      command.causation,
    );
  }
}
