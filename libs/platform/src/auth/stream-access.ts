import { createHash, randomBytes } from 'node:crypto';
import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { AuthError, type Principal } from '@chuishao/auth';
import { TransactionHost } from '@chuishao/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** How long a stream ticket can wait to be used: the browser opens its EventSource at once. */
export const STREAM_TICKET_SECONDS = 30;
/** Open streams one caller may hold at once on one replica (a few tabs and a wall screen). */
export const MAX_STREAMS_PER_CALLER = 5;

/** What a stream runs on: who the caller is, and when the token behind it stops being valid. */
export interface StreamCredential {
  principal: Principal;
  expiresAt: Date;
}

const hashOf = (ticket: string) => createHash('sha256').update(ticket).digest('hex');

/**
 * Live streams without the bearer token in the URL (where proxies and browser history would
 * keep it): the caller trades its token for a ticket (POST, Authorization header), then opens
 * the stream with `?ticket=`. A ticket is single use, lives STREAM_TICKET_SECONDS and carries the
 * token's own expiry, at which the stream is closed. Tickets live in the service's database
 * (any replica may redeem them; expiry by the database's clock); only a hash is stored.
 * Open streams are capped per caller, so one token cannot hold the server's sockets.
 */
@Injectable()
export class StreamAccess {
  private readonly openByCaller = new Map<string, number>();

  constructor(private readonly transactions: TransactionHost) {}

  async issue(credential: StreamCredential): Promise<{ ticket: string; expiresAt: string }> {
    const ticket = randomBytes(32).toString('base64url');
    const [row] = (await this.transactions.manager.query(
      `INSERT INTO stream_tickets (ticket_hash, principal, token_expires_at, expires_at)
       VALUES ($1, $2, $3, LEAST(now() + make_interval(secs => $4), $3))
       RETURNING expires_at`,
      [hashOf(ticket), JSON.stringify(credential.principal), credential.expiresAt, STREAM_TICKET_SECONDS],
    )) as Array<{ expires_at: Date }>;
    // Spent and stale tickets go as new ones come; the table stays as small as the traffic.
    await this.transactions.manager.query(`DELETE FROM stream_tickets WHERE expires_at < now()`);
    return { ticket, expiresAt: new Date(row!.expires_at).toISOString() };
  }

  /** The credential a ticket stands for; a ticket works once, before it expires (401 otherwise). */
  async redeem(ticket: string): Promise<StreamCredential> {
    const rows = (await this.transactions.manager.query(
      // A SELECT over the DELETE, so the driver answers rows (not [rows, count]).
      `WITH spent AS (DELETE FROM stream_tickets WHERE ticket_hash = $1
                      RETURNING principal, token_expires_at, expires_at > now() AS valid)
       SELECT * FROM spent`,
      [hashOf(ticket)],
    )) as Array<{ principal: Principal; token_expires_at: Date; valid: boolean }>;
    const row = rows[0];
    if (!row?.valid) throw new AuthError('TICKET_INVALID', 'the stream ticket is unknown, used or expired');
    return { principal: row.principal, expiresAt: new Date(row.token_expires_at) };
  }

  /**
   * Admits one more stream of the caller (429 STREAMS_LIMIT beyond MAX_STREAMS_PER_CALLER) and
   * calls `close` when the token behind it expires. Returns the release to call when it closes.
   */
  admit(credential: StreamCredential, close: () => void): () => void {
    const caller = `${credential.principal.role}:${credential.principal.subject}`;
    const open = this.openByCaller.get(caller) ?? 0;
    if (open >= MAX_STREAMS_PER_CALLER) {
      throw new HttpException(
        {
          statusCode: 429,
          code: 'STREAMS_LIMIT',
          message: `at most ${MAX_STREAMS_PER_CALLER} open streams per caller; close one first`,
        },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    this.openByCaller.set(caller, open + 1);
    const timer = setTimeout(close, Math.max(0, credential.expiresAt.getTime() - Date.now()));
    timer.unref();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      clearTimeout(timer);
      const left = (this.openByCaller.get(caller) ?? 1) - 1;
      if (left > 0) this.openByCaller.set(caller, left);
      else this.openByCaller.delete(caller);
    };
  }
}

export class StreamTickets1733100000000 implements MigrationInterface {
  name = 'StreamTickets1733100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE stream_tickets (
        ticket_hash      text PRIMARY KEY,
        principal        jsonb NOT NULL,
        token_expires_at timestamptz NOT NULL,
        expires_at       timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE stream_tickets');
  }
}
