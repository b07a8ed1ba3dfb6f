import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@chuishao/persistence';
import type { FollowUpLink } from '../../domain/follow-up-link';

type Row = { case_id: string; closed_at: Date; expires_at: Date; used_at: Date | null };

/** The one-time links by their token's hash (never the token), one per case and closing. */
@Injectable()
export class FollowUpLinkRepository {
  constructor(private readonly transactions: TransactionHost) {}

  /** A new link; false when the closing has one already (a redelivered FollowUpScheduled). */
  async insert(hash: string, link: Omit<FollowUpLink, 'usedAt'>): Promise<boolean> {
    const rows: unknown[] = await this.transactions.manager.query(
      `INSERT INTO follow_up_links (token_hash, case_id, closed_at, expires_at)
       VALUES ($1, $2, $3, $4) ON CONFLICT (case_id, closed_at) DO NOTHING RETURNING token_hash`,
      [hash, link.caseId, link.closedAt, link.expiresAt],
    );
    return rows.length > 0;
  }

  /** The link, locked when `lock` (an answer uses it up in its transaction). */
  async find(hash: string, lock = false): Promise<FollowUpLink | null> {
    const rows: Row[] = await this.transactions.manager.query(
      `SELECT case_id, closed_at, expires_at, used_at FROM follow_up_links WHERE token_hash = $1${lock ? ' FOR UPDATE' : ''}`,
      [hash],
    );
    const row = rows[0];
    return row
      ? { caseId: row.case_id, closedAt: row.closed_at, expiresAt: row.expires_at, usedAt: row.used_at }
      : null;
  }

  async markUsed(hash: string, at: Date): Promise<void> {
    await this.transactions.manager.query('UPDATE follow_up_links SET used_at = $2 WHERE token_hash = $1', [
      hash,
      at,
    ]);
  }
}
