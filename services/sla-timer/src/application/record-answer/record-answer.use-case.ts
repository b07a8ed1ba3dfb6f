import { Inject, Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@chuishao/contracts';
import { CLOCK, type Clock } from '@chuishao/kernel';
import { causedBy } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { SlaMetrics } from '../../infrastructure/metrics/sla-metrics';
import { EarlyResponses } from '../../infrastructure/persistence/early-responses';
import { SummonsStart } from '../../infrastructure/persistence/summons-start';
import type { SummonsSlaCommand } from '../../domain/summons-sla.decider';
import { SLA_ACTOR } from '../sla-timer-kinds';
import { SummonsSlaCommands } from '../summons-sla-handling';
import { answerCommand, cancelledBy, observeAnswer, type DepartmentResponse } from './answers';

/**
 * A department's answer to a summons (acknowledged, arrived, declined) stops its clocks. Nearly
 * always the summons has started and the answer takes its usual course, so a consumed batch of
 * answers is tried as one statement with its inbox rows (the handlers carry COLLECTS_ITS_WRITES):
 * each answer's timers cancelled, its summons locked and moved, the whole statement refused if
 * any answer does not take its usual course. Refused, the batch runs in a transaction, each answer
 * the careful way (`inTransaction`).
 */
@Injectable()
export class RecordAnswer {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly commands: SummonsSlaCommands,
    private readonly starts: SummonsStart,
    private readonly early: EarlyResponses,
    private readonly metrics: SlaMetrics,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(response: DepartmentResponse, cause: EventEnvelope): Promise<void> {
    if (!this.transactions.triesOneStatement) return this.inTransaction(response, cause);
    return this.commands.collectUsual(
      response.summonsId,
      answerCommand(response, this.clock.now()),
      cancelledBy(response),
      (sla, events) => observeAnswer(this.transactions, this.metrics, sla, response, events),
    );
  }

  /**
   * The careful way. The summons's row lock is all the answer needs: that is tried first, one
   * statement. Only when the statement saw no summons is the summons's key taken and the summons
   * looked for again under it (the second statement's snapshot comes after the wait), so that an
   * answer overtaking its whistle is parked exactly when the whistle's start, which holds the key,
   * cannot have missed it. Taking the key first on every answer cost a statement each: 5 of
   * sla-timer's 23 per whistle in the bench.
   */
  private inTransaction(response: DepartmentResponse, cause: EventEnvelope): Promise<void> {
    // One command for both tries, so an arrival's breach has one id whichever try records it.
    const command = answerCommand(response, this.clock.now());
    return this.transactions.run(async () => {
      let handled = await this.apply(response, command, cause);
      if (!handled.before) {
        await this.starts.lockSummonsKey(response.summonsId);
        handled = await this.apply(response, command, cause);
      }
      if (!handled.before) await this.keepEarly(response, cause);
      else observeAnswer(this.transactions, this.metrics, handled.before, response, handled.events);
    });
  }

  private apply(response: DepartmentResponse, command: SummonsSlaCommand, cause: EventEnvelope) {
    // An arrival or a decline settles the summons: its timers go first (the firing loop locks a
    // timer, then its summons), in the statement that locks the summons.
    return this.commands.handle(
      response.summonsId,
      command,
      causedBy(cause, SLA_ACTOR),
      cancelledBy(response),
    );
  }

  /** The answer overtook its whistle: kept until the whistle starts the summons. */
  private keepEarly(response: DepartmentResponse, cause: EventEnvelope): Promise<void> {
    return this.early.keep({
      summonsId: response.summonsId,
      kind: response.kind,
      at: response.at,
      eventId: cause.id,
      correlationId: cause.correlationId,
    });
  }
}
