import type { FollowUpAnswer, FollowUpChannel } from '@chuishao/contracts';

/**
 * The follow-up with the parties after a case closes (回访, issue #19 item 2): due within a window
 * of the closing (3 days unless FOLLOW_UP_WINDOW_HOURS says otherwise). Pure: the caller's clock.
 */
export const FOLLOW_UP_WINDOW_HOURS_DEFAULT = 72;

/** The longest comment a follow-up keeps, as FollowUpRecorded and CaseReopened carry it. */
export const FOLLOW_UP_COMMENT_MAX = 1000;

export interface FollowUpPolicy {
  windowHours: number;
}

export const FOLLOW_UP_POLICY = Symbol('FOLLOW_UP_POLICY');

/** When the follow-up of a case closed at `closedAt` is due. */
export function followUpDueAt(closedAt: Date, policy: FollowUpPolicy): Date {
  return new Date(closedAt.getTime() + policy.windowHours * 3_600_000);
}

/** The window from the environment (FOLLOW_UP_WINDOW_HOURS, whole hours ≥ 1), else the default. */
export function followUpPolicyFrom(env: Record<string, string | undefined>): FollowUpPolicy {
  const raw = env.FOLLOW_UP_WINDOW_HOURS;
  if (raw === undefined || raw === '') return { windowHours: FOLLOW_UP_WINDOW_HOURS_DEFAULT };
  const hours = Number(raw);
  if (!Number.isInteger(hours) || hours < 1)
    throw new Error(`FOLLOW_UP_WINDOW_HOURS must be a whole number of hours ≥ 1, not ${raw}`);
  return { windowHours: hours };
}

/** What a party answers: how satisfied, whether the dispute is resolved, and a comment. */
export interface FollowUpAnswerInput {
  channel: FollowUpChannel;
  answer: FollowUpAnswer;
  resolved: boolean;
  comment: string;
}

/** An unsatisfied answer reopens the case (back to the operator's queue, with the comment). */
export function reopens(answer: FollowUpAnswer): boolean {
  return answer === 'unsatisfied';
}
