import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  DeadlineReached,
  type DeadlineCancelled,
  type DeadlineScheduled,
  type EventEnvelope,
  type EventOf,
} from '@chuishao/contracts';
import { LOGGER, type Logger } from '@chuishao/kernel';
import { EventFactory } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { ownerMayCancel, toDeadlineTimerPayload, type DeadlineTimerPayload } from '../../domain/deadline';
import type { FiredTimer } from '../../domain/timer';
import { TimerEngine } from '../../infrastructure/timers/timer-engine';
import { TimerStore } from '../../infrastructure/timers/timer-store';
import { GENERIC_DEADLINE_TIMER_KIND, SLA_ACTOR } from '../sla-timer-kinds';

/**
 * The timer engine as a service for other bounded contexts (mediation's level ladder, the 30-day
 * judicial-confirmation window, the court's ruling period): DeadlineScheduled arms a durable
 * timer, DeadlineCancelled disarms it, and when it is due DeadlineReached goes back to the owner
 * through the outbox in the firing transaction. sla-timer knows nothing of the owners' rules.
 */
@Injectable()
export class TrackDeadlines implements OnModuleInit {
  private readonly logger: Logger;

  constructor(
    private readonly transactions: TransactionHost,
    private readonly engine: TimerEngine,
    private readonly timers: TimerStore,
    private readonly events: EventFactory,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child('deadlines');
  }

  onModuleInit(): void {
    this.engine.register(GENERIC_DEADLINE_TIMER_KIND, (timer) => this.reached(timer));
  }

  /**
   * Arms the deadline's timer, collected (TimerStore.armCollected): a batch of schedules is one
   * statement with its inbox rows. Same deadlineId again: a re-schedule (new due time, new
   * generation fences the old one).
   */
  scheduled(event: EventOf<typeof DeadlineScheduled>): Promise<void> {
    return this.timers.armCollected(
      GENERIC_DEADLINE_TIMER_KIND,
      event.payload.deadlineId,
      new Date(event.payload.dueAt),
      { ...toDeadlineTimerPayload(event) },
    );
  }

  cancelled(event: EventOf<typeof DeadlineCancelled>): Promise<void> {
    return this.transactions.run(async () => {
      // One statement reads the timer and cancels it if the requester owns it (ownerMayCancel's
      // rule); the domain still decides on the timer as it was, and must agree.
      const { timer, cancelled } = await this.timers.cancelIfPayload(
        GENERIC_DEADLINE_TIMER_KIND,
        event.payload.deadlineId,
        'owner',
        event.payload.owner,
      );
      if (!timer) return;
      const mayCancel = ownerMayCancel(timer.payload as unknown as DeadlineTimerPayload, event.payload.owner);
      if (cancelled && !mayCancel)
        throw new Error(`deadline ${event.payload.deadlineId} cancelled for an owner the domain refuses`);
      if (!mayCancel) {
        // Another service's deadline: never let one owner disarm another's.
        this.logger.warn('deadline cancel by a service that does not own it ignored', {
          deadlineId: event.payload.deadlineId,
          owner: event.payload.owner,
        });
        return;
      }
    });
  }

  /** The fire announced: DeadlineReached, appended by the engine with the rest of its batch. */
  private reached(timer: FiredTimer): Promise<EventEnvelope[]> {
    const deadline = timer.payload as unknown as DeadlineTimerPayload;
    const causation = {
      actor: SLA_ACTOR,
      correlationId: deadline.correlationId,
      causationId: deadline.scheduledBy,
    };
    return Promise.resolve([
      this.events.build(DeadlineReached, deadline.caseId, causation, {
        deadlineId: timer.subject,
        owner: deadline.owner,
        kind: deadline.kind,
        subjectId: deadline.subjectId,
        dueAt: timer.dueAt.toISOString(),
        firedAt: timer.firedAt.toISOString(),
        context: deadline.context,
      }),
    ]);
  }
}
