import { sql, type RawBuilder } from 'kysely';

/** Whoever listens on this channel (the delivery worker, the live streams) hears of new rows on commit. */
export const NOTIFICATIONS_CHANNEL = 'chuishao_department_notifications';

/**
 * What a commit tells the listeners, read from a NOTIFY's payload. Every payload starts with the
 * writer's schema (several test schemas share a database).
 *  - `stream`: new live-stream entries (`<schema>:stream`);
 *  - `deliveries`: new notifications, and how many claims they make due
 *    (`<schema>:deliveries:<due>:<first id>`);
 *  - `unknown`: the bare schema (a writer of the release before, during a rolling deploy) or a
 *    wake-up of this process's own: anything may be new.
 */
export type NotificationSignal =
  { kind: 'stream' } | { kind: 'deliveries'; due: number } | { kind: 'unknown' };

export const UNKNOWN_SIGNAL: NotificationSignal = { kind: 'unknown' };

/** The signal in `payload` if it is `schema`'s; null for another schema's. */
export function signalOfPayload(payload: string | undefined, schema: string): NotificationSignal | null {
  const [writer, kind, due] = (payload ?? '').split(':');
  if (writer !== schema) return null;
  if (kind === 'stream') return { kind: 'stream' };
  const claims = Number(due);
  if (kind === 'deliveries' && Number.isInteger(claims) && claims >= 0)
    return { kind: 'deliveries', due: claims };
  return UNKNOWN_SIGNAL;
}

/** The NOTIFY of a statement that appended live-stream entries. */
export function streamSignalSql(): RawBuilder<unknown> {
  return sql`pg_notify(${NOTIFICATIONS_CHANNEL}, current_schema() || ':stream')`;
}

/**
 * The NOTIFY of a statement that inserted notifications (the common expression `inserted`, with
 * their ids), saying the `due` claims they make (PlanNotifications.claimsDue counts them, with
 * claimsAdded). The statement evaluates it only when a row was inserted (TriggerWrites). The first
 * id keeps two inserts of one transaction apart: PostgreSQL delivers identical notifications of a
 * transaction once.
 */
export function deliveriesSignalSql(due: number): RawBuilder<unknown> {
  return sql`pg_notify(${NOTIFICATIONS_CHANNEL}, concat_ws(':', current_schema(), 'deliveries', ${due}::int,
    (SELECT min(id::text) FROM inserted)))`;
}
