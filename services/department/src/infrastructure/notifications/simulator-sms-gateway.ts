import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@chuishao/kernel';
import { sql } from 'kysely';
import type { SmsGateway, SmsMessage, SmsSent } from './channels';

/**
 * Stands in for the SMS gateway (SMS_GATEWAY=simulator, the default): records each message in
 * `sms_simulator_messages`, readable at GET /sms-simulator/messages. The record is written by the
 * statement that settles the text's attempts (`recorded`), so a message is there exactly when its
 * attempt commits as delivered, and costs no round trip of its own (it cost one a text before).
 */
@Injectable()
export class SimulatorSmsGateway implements SmsGateway {
  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  send(sms: SmsMessage): Promise<SmsSent> {
    const recorded = sql`simulator_text AS (INSERT INTO sms_simulator_messages
      (notification_id, to_phone, template, text, sent_at)
      VALUES (${sms.deliveryId}::uuid, ${sms.to}, ${sms.template}, ${sms.text}, ${this.clock.now()}::timestamptz))`;
    return Promise.resolve({ ok: true, statusCode: null, error: null, recorded });
  }
}
