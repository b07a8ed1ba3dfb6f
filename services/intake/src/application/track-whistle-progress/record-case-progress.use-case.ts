import { Inject, Injectable } from '@nestjs/common';
import { caseProgressOf, type EventEnvelope } from '@chuishao/contracts';
import { LOGGER, type Logger } from '@chuishao/kernel';
import type { RecordProgress } from '../../domain/case-progress';
import { CaseCommands } from '../case-commands';

/** Intake acts on what other services report as itself: the system, not their actor. */
export const INTAKE_ACTOR = { role: 'system', id: 'intake' } as const;

/**
 * Moves a case forward as other services report (whistled, on site, mediating…); never backwards.
 * Which status an event implies, and when, is the one reading of the flow in libs/contracts
 * (`caseProgressOf`); whether the case moves is the Case decider's transition. The move is tried
 * when the event's transaction commits, with the other reports of the consumer's batch, in one
 * statement (CaseCommands.recordProgressAtCommit).
 */
@Injectable()
export class RecordCaseProgress {
  constructor(
    private readonly commands: CaseCommands,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** An event that implies no status is a programming error of the handler that passed it. */
  executeFor(event: EventEnvelope): Promise<void> {
    return this.commands.recordProgressAtCommit(event.caseId, progressCommandOf(event), () =>
      this.logger.warn('progress for a case intake does not know; ignored', { caseId: event.caseId }),
    );
  }
}

/** The move an event means for its case, as a command; throws for an event that means none. */
export function progressCommandOf(event: EventEnvelope): RecordProgress {
  const progress = caseProgressOf(event);
  if (!progress) throw new Error(`${event.type} does not move a case`);
  return { type: 'RecordProgress', ...progress };
}
