import { Injectable } from '@nestjs/common';
import type { Agreement } from '../../domain/agreement';
import type { ConfirmationRequest } from '../../domain/confirmation-request';
import { agreementOfRow, requestOfRow } from './confirmation-rows';
import { JudicialSql } from './schema';

/** Reads without locks, for the HTTP layer and the filer (writes go through ConfirmationStore). */
@Injectable()
export class JudicialRepository {
  constructor(private readonly sql: JudicialSql) {}

  async agreement(agreementId: string): Promise<Agreement | null> {
    const row = await this.sql.db
      .selectFrom('agreements')
      .selectAll()
      .where('agreement_id', '=', agreementId)
      .executeTakeFirst();
    return row ? agreementOfRow(row) : null;
  }

  async request(requestId: string): Promise<ConfirmationRequest | null> {
    const row = await this.sql.db
      .selectFrom('confirmation_requests')
      .selectAll()
      .where('request_id', '=', requestId)
      .executeTakeFirst();
    return row ? requestOfRow(row) : null;
  }

  async requestsOf(agreementId: string): Promise<ConfirmationRequest[]> {
    const rows = await this.sql.db
      .selectFrom('confirmation_requests')
      .selectAll()
      .where('agreement_id', '=', agreementId)
      .orderBy('requested_at')
      .execute();
    return rows.map(requestOfRow);
  }
}
