/**
 * The follow-up with the parties after a case closes (回访, issue #19 item 2), as the workstation
 * asks for it: who records a phone answer, and when an answer may be sent (intake's rules: a
 * closed case, an unsatisfied answer says why, at most 1000 characters).
 */
export const FOLLOW_UP_ANSWERS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type FollowUpAnswer = (typeof FOLLOW_UP_ANSWERS)[number];

export const FOLLOW_UP_COMMENT_MAX = 1000;

const RECORDERS = new Set(['clerk', 'operator', 'supervisor']);

/** Whether the reader may record a follow-up of a case in this status (intake decides the scope). */
export function mayRecordFollowUp(role: string, status: string | null): boolean {
  return RECORDERS.has(role) && status === 'closed';
}

export interface FollowUpForm {
  answer: FollowUpAnswer | '';
  resolved: boolean | null;
  comment: string;
}

/** The form's first problem, as an i18n key under `followUp.`, or null when it may be sent. */
export function followUpProblem(form: FollowUpForm): string | null {
  if (form.answer === '') return 'needAnswer';
  if (form.resolved === null) return 'needResolved';
  if (form.answer === 'unsatisfied' && form.comment.trim() === '') return 'needComment';
  if (form.comment.trim().length > FOLLOW_UP_COMMENT_MAX) return 'commentTooLong';
  return null;
}
