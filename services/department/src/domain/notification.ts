/**
 * Notifications: who must hear about a summons, a pre-deadline warning or an escalation, what
 * they are told, and how often a failed delivery is tried again. Pure rules; the delivery worker
 * (infrastructure) carries them out.
 *
 * A notification is one recipient × one channel × one triggering fact (the trigger key), so a
 * redelivered event or a retry can never make a second one.
 */

export const NOTIFICATION_CHANNELS = ['webhook', 'sms'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export const NOTIFICATION_STATES = ['pending', 'delivered', 'dead_lettered'] as const;
export type NotificationState = (typeof NOTIFICATION_STATES)[number];

export const TRIGGER_KINDS = ['summons', 'warning', 'escalation', 'stood_down'] as const;
export type TriggerKind = (typeof TRIGGER_KINDS)[number];

/** What happened that someone must act on; facts only, never a party's personal data. */
export interface NotificationTrigger {
  kind: TriggerKind;
  /** The fact it is about, e.g. `summons:<summonsId>`: unique per recipient and channel. */
  key: string;
  summonsId: string;
  caseId: string;
  /** The case number; the case id stands in when this service never saw the summons. */
  caseNo: string;
  departmentId: string;
  /** Where to report: the governance center of the case. */
  place: string;
  arrivalDeadline: Date;
  /** When the triggering event happened: notification latency is measured from it. */
  occurredAt: Date;
  /** Escalations only. */
  level?: number;
  /** Escalations to a center (EscalationRaised target `center`): its supervisors are chased. */
  targetCenterId?: string;
  /** Escalations to the department's on-duty liaisons again (EscalationRaised v2 `on_duty_liaison`). */
  targetLiaisons?: boolean;
}

/** Who a directory contact belongs to: a department, or a center (its supervisors). */
export const CONTACT_OWNERS = ['department', 'center'] as const;
export type ContactOwner = (typeof CONTACT_OWNERS)[number];

export const CONTACT_ROLES = ['head', 'liaison', 'supervisor'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

/** A staff member in the directory: a department's head or liaison, or a center's supervisor. */
export interface Contact {
  id: string;
  role: ContactRole;
  name: string;
  /** Staff, not a citizen, but still personal: stored, sent to the gateway, never logged. */
  phone: string;
  /** Liaisons only: whether they are on the duty roster now. */
  onDuty: boolean;
}

/** What the directory says about the people and systems of one trigger. */
export interface DirectoryView {
  departmentContacts: readonly Contact[];
  /** Supervisors of the trigger's target center (escalations of level 2 and up). */
  centerSupervisors: readonly Contact[];
  /** Whether the department registered a webhook. */
  hasWebhook: boolean;
}

export interface Recipient {
  channel: NotificationChannel;
  /** Stable name of who receives it: `department:<id>` or `<owner>:<ownerId>:contact:<contactId>`. */
  key: string;
  name: string;
  /** The phone for SMS; webhooks are sent to the department's URL at the time of the attempt. */
  address: string | null;
}

export const webhookRecipientKey = (departmentId: string) => `department:${departmentId}`;

/**
 * Who gets what (issue 5): a summons, its warning and its stand-down (issue 20) go to the
 * department's on-duty liaisons; an escalation to its target: the department's head, its on-duty
 * liaisons again, or the supervisors of the target center (levels 1 and 2 of the default ladder). The department's
 * webhook, when it has one, hears all of them: it is how the department's own systems follow
 * their summons.
 */
export function recipientsFor(trigger: NotificationTrigger, directory: DirectoryView): Recipient[] {
  const sms = (owner: string, people: readonly Contact[]): Recipient[] =>
    people.map((c) => ({ channel: 'sms', key: `${owner}:contact:${c.id}`, name: c.name, address: c.phone }));
  const department = `department:${trigger.departmentId}`;
  let people: Recipient[];
  const liaisons = trigger.kind !== 'escalation' || trigger.targetLiaisons === true;
  if (liaisons) {
    people = sms(
      department,
      directory.departmentContacts.filter((c) => c.role === 'liaison' && c.onDuty),
    );
  } else if (!trigger.targetCenterId) {
    // Who is chased is the escalation's target, not its level: with escalation policies as data
    // (sla-timer, issue 20 item 2) any level may go to the department's head or to a center.
    people = sms(
      department,
      directory.departmentContacts.filter((c) => c.role === 'head'),
    );
  } else {
    people = sms(
      `center:${trigger.targetCenterId}`,
      directory.centerSupervisors.filter((c) => c.role === 'supervisor'),
    );
  }
  const webhook: Recipient[] = directory.hasWebhook
    ? [
        {
          channel: 'webhook',
          key: webhookRecipientKey(trigger.departmentId),
          name: trigger.departmentId,
          address: null,
        },
      ]
    : [];
  return [...webhook, ...people];
}

/** The text template of a trigger: the real gateway maps these to its own template ids. */
export type MessageTemplate = TriggerKind;

export interface NotificationMessage {
  template: MessageTemplate;
  /** Case number, place and deadline only: no party's name, ID number or phone, ever. */
  params: { caseNo: string; place: string; deadline: string; level?: number };
  text: string;
  /** The deadline as an instant (ISO-8601 UTC), for machines (webhooks). */
  arrivalDeadline: string;
}

/** Deadline as read on a phone in China: `2018-10-12 14:30` (UTC+8). */
export function localDeadline(deadline: Date): string {
  const shifted = new Date(deadline.getTime() + 8 * 3600_000);
  return shifted.toISOString().slice(0, 16).replace('T', ' ');
}

export function composeMessage(trigger: NotificationTrigger): NotificationMessage {
  const deadline = localDeadline(trigger.arrivalDeadline);
  const { caseNo, place } = trigger;
  const arrivalDeadline = trigger.arrivalDeadline.toISOString();
  switch (trigger.kind) {
    case 'summons':
      return {
        template: 'summons',
        params: { caseNo, place, deadline },
        text: `【吹哨】案件${caseNo}召集贵单位：请于${deadline}前到达${place}报到。`,
        arrivalDeadline,
      };
    case 'warning':
      return {
        template: 'warning',
        params: { caseNo, place, deadline },
        text: `【吹哨】提醒：案件${caseNo}到场时限${deadline}将至，请尽快到达${place}报到。`,
        arrivalDeadline,
      };
    case 'stood_down':
      // The operator's reason stays in the case file: a text carries case number and place only.
      return {
        template: 'stood_down',
        params: { caseNo, place, deadline },
        text: `【吹哨】案件${caseNo}：指挥中心已撤回对贵单位的召集，无需前往${place}。`,
        arrivalDeadline,
      };
    case 'escalation': {
      const level = trigger.level ?? 1;
      return {
        template: 'escalation',
        params: { caseNo, place, deadline, level },
        text: `【吹哨】督办（${level}级）：案件${caseNo}被召集单位未在${deadline}前到达${place}，请督促处理。`,
        arrivalDeadline,
      };
    }
  }
}

/** How failed deliveries are tried again (exponential backoff), and when they are given up. */
export interface RetryPolicy {
  /** The delay after the first failed attempt; each later one doubles it. */
  baseDelayMs: number;
  /** No delay between attempts grows beyond this. */
  maxDelayMs: number;
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** No attempt is made later than this after the notification was written. */
  giveUpAfterMs: number;
}

/** Production: a first retry after 30 s, then doubling up to hourly, for up to 24 hours. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 30_000,
  maxDelayMs: 3_600_000,
  maxAttempts: 30,
  giveUpAfterMs: 24 * 3_600_000,
};

export function retryDelayMs(failedAttempts: number, policy: RetryPolicy): number {
  const exponent = Math.max(0, failedAttempts - 1);
  // 2 ** 60 and up is Infinity-ish; min() keeps it at the cap either way.
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(exponent, 50));
}

/**
 * When to try again after `failedAttempts` attempts have failed (the latest at `now`), or null
 * when that was the last one: the attempts are used up, or the next would fall past the window.
 */
export function nextAttemptAt(
  failedAttempts: number,
  createdAt: Date,
  now: Date,
  policy: RetryPolicy,
): Date | null {
  if (failedAttempts >= policy.maxAttempts) return null;
  const next = new Date(now.getTime() + retryDelayMs(failedAttempts, policy));
  if (next.getTime() - createdAt.getTime() > policy.giveUpAfterMs) return null;
  return next;
}

export function validateRetryPolicy(policy: RetryPolicy): RetryPolicy {
  for (const [name, value] of Object.entries(policy)) {
    if (!Number.isInteger(value) || value <= 0)
      throw new Error(`retry policy ${name} must be a positive whole number, got ${value}`);
  }
  if (policy.maxDelayMs < policy.baseDelayMs)
    throw new Error('retry policy maxDelayMs must be at least baseDelayMs');
  return policy;
}
