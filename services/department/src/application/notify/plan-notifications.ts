import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, LOGGER, uuidv7, type Clock, type Logger } from '@chuishao/kernel';
import { TransactionHost } from '@chuishao/persistence';
import { composeMessage, recipientsFor, type NotificationTrigger } from '../../domain/notification';
import { DirectoryRepository } from '../../infrastructure/persistence/directory.repository';
import { NotificationRepository } from '../../infrastructure/persistence/notification.repository';

/** A trigger before its place is looked up: the center of the case, by id. */
export type TriggerInput = Omit<NotificationTrigger, 'place'> & { centerId: string | null };

/**
 * Writes who must hear of a trigger, by which channel, in the transaction of whatever caused it
 * (the summons being stored, the SLA event passing the inbox): a crash loses none, and a
 * redelivered event or a repeated summons adds none (unique per recipient × channel × trigger).
 * Also appends the trigger to the department's live stream. Delivery is the worker's business.
 */
@Injectable()
export class PlanNotifications {
  private readonly logger: Logger;

  constructor(
    private readonly transactions: TransactionHost,
    private readonly directory: DirectoryRepository,
    private readonly notifications: NotificationRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child('notifications');
  }

  plan(input: TriggerInput): Promise<void> {
    return this.transactions.run(async () => {
      const { centerId, ...rest } = input;
      const center = centerId ? await this.directory.findCenter(centerId) : null;
      const trigger: NotificationTrigger = { ...rest, place: center?.nameZh ?? centerId ?? '综治中心' };
      // One after another: the queries share the transaction's single connection.
      const departmentContacts = await this.directory.contactsOf('department', trigger.departmentId);
      const centerSupervisors = trigger.targetCenterId
        ? await this.directory.contactsOf('center', trigger.targetCenterId)
        : [];
      const webhook = await this.directory.webhookOf(trigger.departmentId);
      const recipients = recipientsFor(trigger, {
        departmentContacts,
        centerSupervisors,
        hasWebhook: webhook !== null,
      });
      const message = composeMessage(trigger);
      const now = this.clock.now();
      const written = await this.notifications.insertNew(
        recipients.map((r) => ({
          id: uuidv7(now.getTime()),
          triggerKey: trigger.key,
          triggerKind: trigger.kind,
          channel: r.channel,
          recipient: r.key,
          recipientName: r.name,
          address: r.address,
          summonsId: trigger.summonsId,
          caseId: trigger.caseId,
          departmentId: trigger.departmentId,
          message,
          eventAt: trigger.occurredAt,
          createdAt: now,
        })),
      );
      await this.notifications.appendStream(
        trigger.departmentId,
        trigger.kind,
        trigger.key,
        {
          kind: trigger.kind,
          summonsId: trigger.summonsId,
          caseId: trigger.caseId,
          caseNo: trigger.caseNo,
          place: trigger.place,
          arrivalDeadline: trigger.arrivalDeadline.toISOString(),
          occurredAt: trigger.occurredAt.toISOString(),
          ...(trigger.level !== undefined ? { level: trigger.level } : {}),
          text: message.text,
        },
        now,
      );
      await this.notifications.signal();
      if (recipients.every((r) => r.channel !== 'sms'))
        this.logger.warn('nobody in the directory to text about this; check contacts and duty roster', {
          trigger: trigger.key,
          departmentId: trigger.departmentId,
          level: trigger.level,
          targetCenterId: trigger.targetCenterId,
        });
      this.logger.debug('notifications planned', {
        trigger: trigger.key,
        departmentId: trigger.departmentId,
        recipients: recipients.length,
        written,
      });
    });
  }
}
