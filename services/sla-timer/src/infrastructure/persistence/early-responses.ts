import { Injectable } from '@nestjs/common';
import { SlaSql, type ResponseKind } from './schema';

export type { ResponseKind } from './schema';

export interface EarlyResponse {
  summonsId: string;
  kind: ResponseKind;
  at: Date;
  eventId: string;
  correlationId: string;
}

/** Answers that overtook their summons (see the early_responses migration); SummonsStart.start takes them. */
@Injectable()
export class EarlyResponses {
  constructor(private readonly sql: SlaSql) {}

  async keep(response: EarlyResponse): Promise<void> {
    await this.sql.db
      .insertInto('early_responses')
      .values({
        summons_id: response.summonsId,
        kind: response.kind,
        at: response.at,
        event_id: response.eventId,
        correlation_id: response.correlationId,
      })
      .onConflict((oc) => oc.columns(['summons_id', 'kind']).doNothing())
      .execute();
  }
}
