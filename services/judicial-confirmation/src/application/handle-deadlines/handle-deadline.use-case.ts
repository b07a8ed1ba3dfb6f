import { Inject, Injectable } from '@nestjs/common';
import {
  ConfirmationDeadlineMissed,
  ConfirmationWindowClosingNotified,
  type DeadlineReached,
  type EventOf,
} from '@chuishao/contracts';
import { CLOCK, LOGGER, type Clock, type Logger } from '@chuishao/kernel';
import { causedBy, EventFactory, OutboxWriter } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { DEADLINE_KINDS, DEADLINE_OWNER } from '../../domain/deadlines';
import { JudicialRepository } from '../../infrastructure/persistence/judicial.repository';
import { JUDICIAL_ACTOR } from '../deadline-requests';

/**
 * sla-timer says one of our deadlines is due. Each is judged against the stored state, since a
 * cancel may have lost the race with the timer: a reminder or a missed window only while nobody
 * has applied, a missed acceptance only while the court has not answered, a missed ruling only
 * while the court has not ruled.
 */
@Injectable()
export class HandleDeadline {
  private readonly logger: Logger;

  constructor(
    private readonly transactions: TransactionHost,
    private readonly repository: JudicialRepository,
    private readonly outbox: OutboxWriter,
    private readonly events: EventFactory,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child('deadlines');
  }

  execute(event: EventOf<typeof DeadlineReached>): Promise<void> {
    const p = event.payload;
    if (p.owner !== DEADLINE_OWNER) return Promise.resolve();
    const causation = causedBy(event, JUDICIAL_ACTOR);
    return this.transactions.run(async (manager) => {
      switch (p.kind) {
        case DEADLINE_KINDS.windowReminder: {
          const agreement = await this.repository.agreement(p.subjectId, true);
          if (!agreement || agreement.windowState !== 'open') return;
          const remaining = Math.max(
            0,
            Math.round((agreement.windowClosesAt.getTime() - this.clock.now().getTime()) / 1000),
          );
          await this.outbox.append(manager, [
            this.events.build(ConfirmationWindowClosingNotified, agreement.caseId, causation, {
              agreementId: agreement.agreementId,
              windowClosesAt: agreement.windowClosesAt.toISOString(),
              secondsRemaining: remaining,
            }),
          ]);
          return;
        }
        case DEADLINE_KINDS.window: {
          const agreement = await this.repository.agreement(p.subjectId, true);
          if (!agreement || agreement.windowState !== 'open') return;
          await this.repository.setWindowState(agreement.agreementId, 'missed');
          await this.outbox.append(manager, [
            this.events.build(ConfirmationDeadlineMissed, agreement.caseId, causation, {
              agreementId: agreement.agreementId,
              requestId: null,
              deadline: 'window',
              dueAt: agreement.windowClosesAt.toISOString(),
            }),
          ]);
          return;
        }
        case DEADLINE_KINDS.acceptance:
        case DEADLINE_KINDS.ruling: {
          const request = await this.repository.request(p.subjectId, true);
          if (!request) return;
          const acceptance = p.kind === DEADLINE_KINDS.acceptance;
          const stillWaiting = acceptance
            ? request.status === 'submitting' || request.status === 'submitted'
            : request.status === 'accepted';
          // A ruling timer armed before an extension, firing at the old due time: not yet missed.
          const due = acceptance ? new Date(p.dueAt) : request.rulingDueAt;
          if (!stillWaiting || !due || due.getTime() > new Date(p.dueAt).getTime()) return;
          await this.outbox.append(manager, [
            this.events.build(ConfirmationDeadlineMissed, request.caseId, causation, {
              agreementId: request.agreementId,
              requestId: request.requestId,
              deadline: acceptance ? 'acceptance' : 'ruling',
              dueAt: due.toISOString(),
            }),
          ]);
          return;
        }
        default:
          this.logger.warn('deadline of an unknown kind ignored', { kind: p.kind, deadlineId: p.deadlineId });
      }
    });
  }
}
