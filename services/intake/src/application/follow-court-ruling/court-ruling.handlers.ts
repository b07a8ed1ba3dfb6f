import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  ConfirmationAccepted,
  ConfirmationGranted,
  ConfirmationRejected,
  ConfirmationRequested,
  type EventOf,
} from '@chuishao/contracts';
import { RecordCaseProgress } from '../track-whistle-progress/record-case-progress.use-case';
import { CloseCaseAfterRuling } from './close-case-after-ruling.use-case';

/**
 * Judicial confirmation moves the case to its last states (SPEC "Case states"): pending while the
 * court has the application, then confirmed or rejected, and the case closes after a ruling.
 */
@Controller()
export class CourtRulingHandlers {
  constructor(
    private readonly recordProgress: RecordCaseProgress,
    private readonly closeAfterRuling: CloseCaseAfterRuling,
  ) {}

  @EventPattern(ConfirmationRequested.type)
  onRequested(@Payload() event: EventOf<typeof ConfirmationRequested>): Promise<void> {
    return this.recordProgress.executeFor(event);
  }

  /** Still pending (SPEC), dated by the acceptance: the console reads the same move from it. */
  @EventPattern(ConfirmationAccepted.type)
  onAccepted(@Payload() event: EventOf<typeof ConfirmationAccepted>): Promise<void> {
    return this.recordProgress.executeFor(event);
  }

  @EventPattern(ConfirmationGranted.type)
  onGranted(@Payload() event: EventOf<typeof ConfirmationGranted>): Promise<void> {
    const p = event.payload;
    return this.closeAfterRuling.execute({
      event,
      reason: `judicial confirmation granted by ${p.courtId} (case ${p.courtCaseNumber})`,
    });
  }

  @EventPattern(ConfirmationRejected.type)
  onRejected(@Payload() event: EventOf<typeof ConfirmationRejected>): Promise<void> {
    const p = event.payload;
    // A refusal at filing is not a ruling: the parties may apply again within the window.
    if (p.stage === 'filing') return this.recordProgress.executeFor(event);
    return this.closeAfterRuling.execute({
      event,
      reason: `judicial confirmation rejected by ${p.courtId} (case ${p.courtCaseNumber ?? 'n/a'}): ${p.reasons.join('; ')}`,
    });
  }
}
