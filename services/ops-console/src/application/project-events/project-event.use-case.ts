import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@chuishao/contracts';
import { TransactionHost } from '@chuishao/persistence';
import { changesOf } from '../../domain/read-model-projection';
import { ReadModelRepository } from '../../infrastructure/persistence/read-model.repository';
import { BoardFeed } from '../live-board/board-feed';

/**
 * Applies one event of any type to the read models, inside the event's inbox transaction. What
 * it changes is the domain's fold (domain/read-model-projection.ts: a timeline line always, the
 * case row, the board and scorecard rows for the types they need); every write only fills in, so
 * the order events arrive in across topics does not matter. The events of a transaction are
 * folded together and written as one statement when it ends.
 */
@Injectable()
export class ProjectEvent {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly readModels: ReadModelRepository,
    private readonly feed: BoardFeed,
  ) {}

  execute(event: EventEnvelope): Promise<void> {
    return this.transactions.run(async () => {
      // What the event changes is read now (a payload the fold cannot read fails this event, not
      // the batch at commit); it is folded with the transaction's other events and written then.
      await this.readModels.projectAtCommit(changesOf(event));
      // Watchers see the change once it is committed, never a state that could still roll back.
      this.transactions.afterCommit(() => this.feed.changed());
    });
  }
}
