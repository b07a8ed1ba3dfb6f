import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  CourtOutageDetected,
  CourtOutageEnded,
  DepartmentWebhookOutageDetected,
  DepartmentWebhookOutageEnded,
  type EventOf,
} from '@chuishao/contracts';
import { TransactionHost } from '@chuishao/persistence';
import { outageChangeOf } from '../../domain/outside-outages';
import { OutsideOutagesRepository } from '../../infrastructure/persistence/outside-outages.repository';
import { BoardFeed } from '../live-board/board-feed';

type HealthEvent =
  | EventOf<typeof DepartmentWebhookOutageDetected>
  | EventOf<typeof DepartmentWebhookOutageEnded>
  | EventOf<typeof CourtOutageDetected>
  | EventOf<typeof CourtOutageEnded>;

/** The outside's health (issue 20 item 7): outages on the board, live, and on /metrics. */
@Controller()
export class OutsideHealthHandlers {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly outages: OutsideOutagesRepository,
    private readonly feed: BoardFeed,
  ) {}

  @EventPattern([
    DepartmentWebhookOutageDetected.type,
    DepartmentWebhookOutageEnded.type,
    CourtOutageDetected.type,
    CourtOutageEnded.type,
  ])
  onHealthEvent(@Payload() event: HealthEvent): Promise<void> {
    return this.transactions.run(async () => {
      await this.outages.record(outageChangeOf(event));
      this.transactions.afterCommit(() => this.feed.changed());
    });
  }
}
