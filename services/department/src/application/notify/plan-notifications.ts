import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, LOGGER, uuidv7, type Clock, type Logger } from '@chuishao/kernel';
import { TransactionHost } from '@chuishao/persistence';
import type { RawBuilder } from 'kysely';
import { composeMessage, recipientsFor, type NotificationTrigger } from '../../domain/notification';
import { followsTheSummons } from '../../domain/roster';
import { claimsAdded } from '../../domain/sms-bundle';
import {
  directorySnapshotOf,
  directorySnapshotSql,
  type DirectoryQuery,
} from '../../infrastructure/persistence/directory-snapshot';
import { DirectoryRepository } from '../../infrastructure/persistence/directory.repository';
import type { NewNotification } from '../../infrastructure/persistence/notification.repository';
import { TriggerWrites } from '../../infrastructure/persistence/trigger-writes';
import { NOTIFICATION_SETTINGS, type NotificationSettings } from '../notification-settings';

/** The notifications per claim key a transaction planned so far (TransactionHost.transactionLocal). */
const CLAIMS_COUNTED = Symbol('claims counted');

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
    private readonly writes: TriggerWrites,
    @Inject(NOTIFICATION_SETTINGS) private readonly settings: NotificationSettings,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child('notifications');
  }

  plan(input: TriggerInput): Promise<void> {
    return this.planAll([input]);
  }

  /**
   * The directory read planning `inputs` (or some of them) needs, for a caller to send with a
   * statement of its own; what it read is then planAll's `directoryRead`.
   */
  directoryReadFor(inputs: readonly TriggerInput[]): RawBuilder<unknown> {
    return directorySnapshotSql(directoryQueryOf(inputs));
  }

  /**
   * Plans several triggers (a whistle's summons) with one directory read (or the one its caller
   * made, `directoryRead`); their notifications and stream entries are queued for the one
   * statement that writes every plan of the transaction just before its commit (TriggerWrites):
   * two round trips however many triggers, where each used to cost five or more.
   */
  planAll(inputs: readonly TriggerInput[], directoryRead?: unknown): Promise<void> {
    if (inputs.length === 0) return Promise.resolve();
    return this.transactions.run(async () => {
      const directory =
        directoryRead === undefined
          ? await this.directory.snapshot(directoryQueryOf(inputs))
          : directorySnapshotOf(directoryRead);
      const now = this.clock.now();
      const planned = inputs.map(({ centerId, ...rest }) => {
        const center = centerId ? directory.center(centerId) : null;
        const trigger: NotificationTrigger = { ...rest, place: center?.nameZh ?? centerId ?? '综治中心' };
        const recipients = recipientsFor(trigger, {
          // Who is on duty when the trigger happened (a summons: when it was blown), not when it is
          // processed: a late or redelivered event resolves the same, and later roster edits change
          // nothing already planned (the notifications written here are the record). A warning or
          // a stand-down goes to whoever was texted its summons (domain/roster.ts).
          departmentContacts: directory.departmentContactsAt(
            trigger.departmentId,
            trigger.occurredAt,
            followsTheSummons(trigger.kind) ? trigger.summonsId : null,
          ),
          centerSupervisors: trigger.targetCenterId
            ? directory.contactsOf('center', trigger.targetCenterId)
            : [],
          hasWebhook: directory.hasWebhook(trigger.departmentId),
        });
        return { trigger, recipients, message: composeMessage(trigger) };
      });
      const notifications = planned.flatMap(({ trigger, recipients, message }) =>
        recipients.map((r): NewNotification => ({
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
      await this.writes.queue(
        notifications,
        this.claimsDue(notifications),
        planned.map(({ trigger, message }) => ({
          departmentId: trigger.departmentId,
          event: trigger.kind,
          triggerKey: trigger.key,
          data: streamDataOf(trigger, message.text),
          at: now,
        })),
      );
      for (const { trigger, recipients } of planned) {
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
        });
      }
    });
  }

  /**
   * The claims these notifications add to what the transaction's earlier ones made due: a consumed
   * batch of whistles for one department plans its phone's notifications once per whistle, and
   * counted per insert the delivery lanes claimed in vain.
   */
  private claimsDue(notifications: readonly NewNotification[]): number {
    const counted = this.transactions.transactionLocal(CLAIMS_COUNTED, () => new Map<string, number>());
    return claimsAdded(counted ?? new Map(), notifications, this.settings.smsBundleMax);
  }
}

/** What the department's live stream carries of a trigger. */
function streamDataOf(trigger: NotificationTrigger, text: string): object {
  return {
    kind: trigger.kind,
    summonsId: trigger.summonsId,
    caseId: trigger.caseId,
    caseNo: trigger.caseNo,
    place: trigger.place,
    arrivalDeadline: trigger.arrivalDeadline.toISOString(),
    occurredAt: trigger.occurredAt.toISOString(),
    ...(trigger.level !== undefined ? { level: trigger.level } : {}),
    text,
  };
}

/** What the directory must say to plan `inputs`. */
function directoryQueryOf(inputs: readonly TriggerInput[]): DirectoryQuery {
  return {
    departmentIds: distinct(inputs.map((i) => i.departmentId)),
    supervisingCenterIds: distinct(inputs.flatMap((i) => (i.targetCenterId ? [i.targetCenterId] : []))),
    centerIds: distinct(inputs.flatMap((i) => (i.centerId ? [i.centerId] : []))),
    since: new Date(Math.min(...inputs.map((i) => i.occurredAt.getTime()))),
    toldOfSummons: distinct(inputs.flatMap((i) => (followsTheSummons(i.kind) ? [i.summonsId] : []))),
  };
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}
