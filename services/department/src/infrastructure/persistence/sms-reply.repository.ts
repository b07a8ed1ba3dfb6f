import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { z } from 'zod';
import type { ReplyCandidate } from '../../domain/sms-reply';
import { DepartmentSql } from './schema';

/** A reply as it was recorded, and what it came to: the gateway's repeat gets this again. */
export interface RecordedReply {
  messageId: string;
  receivedAt: Date;
  sender: string;
  text: string;
  outcome: 'applied' | 'refused';
  code: string | null;
  action: 'acknowledge' | 'arrive' | null;
  summonsId: string | null;
}

const replyRow = z.object({
  message_id: z.string(),
  received_at: z.date(),
  sender_masked: z.string(),
  text: z.string(),
  outcome: z.enum(['applied', 'refused']),
  code: z.string().nullable(),
  action: z.enum(['acknowledge', 'arrive']).nullable(),
  summons_id: z.string().nullable(),
});

const candidateRow = z.object({
  code: z.number().int(),
  summons_id: z.string(),
  department_id: z.string(),
  open: z.boolean(),
});
const liaisonRow = z.object({ contact_id: z.string(), department_id: z.string() });

function recorded(row: z.infer<typeof replyRow>): RecordedReply {
  return {
    messageId: row.message_id,
    receivedAt: row.received_at,
    sender: row.sender_masked,
    text: row.text,
    outcome: row.outcome,
    code: row.code,
    action: row.action,
    summonsId: row.summons_id,
  };
}

/** Replies by SMS (issue 20 item 5): who sent one, what it may answer, and what it came to. */
@Injectable()
export class SmsReplyRepository {
  constructor(private readonly sql: DepartmentSql) {}

  async find(messageId: string): Promise<RecordedReply | null> {
    const row = await this.sql.db
      .selectFrom('sms_replies')
      .selectAll()
      .where('message_id', '=', messageId)
      .executeTakeFirst();
    return row ? recorded(replyRow.parse(row)) : null;
  }

  /**
   * Records a reply's outcome; a concurrent repeat of the same message id records nothing and
   * answers the first one's record instead.
   */
  async record(reply: RecordedReply & { contactId: string | null }): Promise<RecordedReply> {
    const inserted = await this.sql.db
      .insertInto('sms_replies')
      .values({
        message_id: reply.messageId,
        received_at: reply.receivedAt,
        sender_masked: reply.sender,
        text: reply.text,
        outcome: reply.outcome,
        code: reply.code,
        action: reply.action,
        summons_id: reply.summonsId,
        contact_id: reply.contactId,
      })
      .onConflict((oc) => oc.column('message_id').doNothing())
      .returning('message_id')
      .executeTakeFirst();
    const { contactId: _contact, ...recordedReply } = reply;
    return inserted ? recordedReply : ((await this.find(reply.messageId)) ?? recordedReply);
  }

  /** The department liaisons the directory lists with this phone. */
  async liaisonsWithPhone(phone: string): Promise<z.infer<typeof liaisonRow>[]> {
    const rows = await this.sql.db
      .selectFrom('directory_contacts')
      .select(['contact_id', 'owner_id as department_id'])
      .where('phone', '=', phone)
      .where('role', '=', 'liaison')
      .where('owner_kind', '=', 'department')
      .execute();
    return rows.map((r) => liaisonRow.parse(r));
  }

  /** The summons this phone was texted under a code, with whether each still takes an answer. */
  async candidates(phone: string): Promise<(ReplyCandidate & { departmentId: string })[]> {
    const rows = await this.sql.db
      .selectFrom('sms_reply_codes as c')
      .innerJoin('summons as s', 's.id', 'c.summons_id')
      .select([
        'c.code',
        'c.summons_id',
        's.department_id',
        sql<boolean>`s.status IN ('notified', 'acknowledged')`.as('open'),
      ])
      .where('c.phone', '=', phone)
      .execute();
    return rows.map((r) => {
      const row = candidateRow.parse(r);
      return { code: row.code, summonsId: row.summons_id, open: row.open, departmentId: row.department_id };
    });
  }

  /** The latest replies, newest first (ops: what came in and why one was refused). */
  async recent(limit: number): Promise<RecordedReply[]> {
    const rows = await this.sql.db
      .selectFrom('sms_replies')
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => recorded(replyRow.parse(r)));
  }
}
