import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, NotFoundError, uuidv7, type Clock } from '@chuishao/kernel';
import type { Causation } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { reachesCase, type CenterPost } from '@chuishao/auth';
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

/** The operator blows the whistle on a case; the Whistle decider says whom it summons, or why not. */
@Injectable()
export class BlowWhistle {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly cases: KnownCasesRepository,
    private readonly directory: DepartmentDirectory,
    private readonly whistles: WhistleCommands,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DISPATCH_SETTINGS) private readonly settings: DispatchSettings,
  ) {}

  async execute(command: BlowWhistleCommand): Promise<Whistle> {
    // Read the directory before the transaction: no row lock is held while waiting on HTTP.
    const directory = await this.directory.departments();
    return this.transactions.run(async () => {
      // One round trip: the case locked, whether it has an open whistle, and its routing rule.
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
    });
  }
}
