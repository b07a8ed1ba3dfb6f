import { Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@chuishao/platform';
import type { Counter } from 'prom-client';
import { SMS_REPLY_REFUSALS } from '../../domain/sms-reply';

/**
 * The liaisons' SMS replies on /metrics (issue 20 item 5): applied, refused (by code: a number not
 * in the directory, a liaison of another department, an unreadable text…) and unsigned (the
 * gateway's signature missing, wrong or stale: a secret out of step, or a forgery). A surge of
 * unknown senders means a roster out of date; any unsigned reply is worth a look.
 */
@Injectable()
export class SmsReplyMetrics {
  readonly replies: Counter<'outcome' | 'code'>;

  constructor(metrics: ServiceMetrics) {
    this.replies = metrics.counter({
      name: 'chuishao_sms_replies_total',
      help: 'SMS replies from liaisons, by outcome (applied, refused, unsigned) and code (none when applied)',
      labelNames: ['outcome', 'code'] as const,
    });
    // From the start, so increase() and the alerts see the first one of each.
    this.replies.inc({ outcome: 'applied', code: 'none' }, 0);
    for (const code of SMS_REPLY_REFUSALS) this.replies.inc({ outcome: 'refused', code }, 0);
  }

  /** A summons' own refusal (its 409 code) counts under that code. */
  answered(outcome: 'applied' | 'refused', code: string | null): void {
    this.replies.inc({ outcome, code: code ?? 'none' });
  }

  unsigned(code: string): void {
    this.replies.inc({ outcome: 'unsigned', code });
  }
}
