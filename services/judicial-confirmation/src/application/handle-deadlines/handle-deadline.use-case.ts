import { Inject, Injectable } from '@nestjs/common';
import type { DeadlineReached, EventOf } from '@chuishao/contracts';
import { CLOCK, LOGGER, type Clock, type Logger } from '@chuishao/kernel';
import { causedBy } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { DEADLINE_KINDS, DEADLINE_OWNER, type DeadlineKind } from '../../domain/deadlines';
import { ConfirmationStore } from '../../infrastructure/persistence/confirmation.store';
import { ConfirmationCommands } from '../confirmation-commands';
import { JUDICIAL_ACTOR } from '../deadline-requests';

const KINDS: readonly string[] = Object.values(DEADLINE_KINDS);
const isOurs = (kind: string): kind is DeadlineKind => KINDS.includes(kind);
const ON_AGREEMENT: readonly string[] = [DEADLINE_KINDS.windowReminder, DEADLINE_KINDS.window];

/**
 * sla-timer says one of our deadlines is due. The decider judges it against the stored state,
 * since a cancel may have lost the race with the timer. The window's deadlines are the
 * agreement's, the court's periods a request's: both decided under the agreement's lock.
 */
@Injectable()
export class HandleDeadline {
  private readonly logger: Logger;

  constructor(
    private readonly transactions: TransactionHost,
    private readonly commands: ConfirmationCommands,
    private readonly store: ConfirmationStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child('deadlines');
  }

  execute(event: EventOf<typeof DeadlineReached>): Promise<void> {
    const p = event.payload;
    if (p.owner !== DEADLINE_OWNER) return Promise.resolve();
    const kind = p.kind;
    if (!isOurs(kind)) {
      this.logger.warn('deadline of an unknown kind ignored', { kind: p.kind, deadlineId: p.deadlineId });
      return Promise.resolve();
    }
    return this.transactions.run(async () => {
      const agreementId = ON_AGREEMENT.includes(kind)
        ? p.subjectId
        : await this.store.agreementOfRequest(p.subjectId);
      if (!agreementId) return;
      await this.commands.handle(
        agreementId,
        {
          type: 'ReachDeadline',
          kind,
          subjectId: p.subjectId,
          dueAt: new Date(p.dueAt),
          at: this.clock.now(),
        },
        causedBy(event, JUDICIAL_ACTOR),
      );
    });
  }
}
