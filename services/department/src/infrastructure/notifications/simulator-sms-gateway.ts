import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@chuishao/kernel';
import { TransactionHost } from '@chuishao/persistence';
import type { DeliveryOutcome, SmsGateway, SmsMessage } from './channels';

/**
 * Stands in for the SMS gateway (SMS_GATEWAY=simulator, the default): records each message in
 * `sms_simulator_messages`, readable at GET /sms-simulator/messages. It writes in the delivery
 * attempt's transaction, so a message is recorded exactly when its attempt commits as delivered.
 */
@Injectable()
export class SimulatorSmsGateway implements SmsGateway {
  constructor(
    private readonly transactions: TransactionHost,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async send(sms: SmsMessage): Promise<DeliveryOutcome> {
    await this.transactions.manager.query(
      `INSERT INTO sms_simulator_messages (notification_id, to_phone, template, text, sent_at)
       VALUES ($1, $2, $3, $4, $5)`,
      [sms.deliveryId, sms.to, sms.template, sms.text, this.clock.now()],
    );
    return { ok: true, statusCode: null, error: null };
  }
}
