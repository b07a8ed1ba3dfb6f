/**
 * A summons' life (SPEC "Summons states"), the one rule every service that keeps a summons'
 * status follows (department, which takes the liaison's answers, and dispatch, which reads them
 * back to complete the whistle):
 *
 *   notified ──► acknowledged ──► arrived
 *      │  └───────────────────────▲  (a liaison may report arrival without acknowledging first)
 *      ├──────────┴──► declined      final: arriving on a declined summons is refused (409 in
 *      │                              department, ignored by a reader); the operator reassigns,
 *      │                              which makes a new summons for another department.
 *      └──────────┴──► stood_down    final: the operator stood the department down before it
 *                                     arrived (SummonsStoodDown); not expected, not a miss.
 *
 * SPEC's `en_route` and `left` are not kept by any service yet. Pure data and functions: no
 * framework, no I/O.
 */
export const SUMMONS_STATUSES = ['notified', 'acknowledged', 'arrived', 'declined', 'stood_down'] as const;
export type SummonsStatus = (typeof SUMMONS_STATUSES)[number];

/** A department's answers to its summons; each moves it to the status of the same name. */
export const SUMMONS_ANSWERS = ['acknowledged', 'arrived', 'declined'] as const;
export type SummonsAnswer = (typeof SUMMONS_ANSWERS)[number];

/**
 * The transition table: the statuses each answer moves a summons from. From any other status the
 * answer is refused: it came too late (a redelivery, an answer overtaken by a later one), or the
 * summons was declined, which is final.
 */
export const SUMMONS_ANSWER_APPLIES_FROM: Readonly<Record<SummonsAnswer, readonly SummonsStatus[]>> = {
  acknowledged: ['notified'],
  arrived: ['notified', 'acknowledged'],
  declined: ['notified', 'acknowledged'],
};

/**
 * The statuses an operator may stand a summons down from: before it arrived, and not declined
 * (a declined summons is resolved by a reassignment). From any other it is refused (409).
 */
export const SUMMONS_STAND_DOWN_APPLIES_FROM: readonly SummonsStatus[] = ['notified', 'acknowledged'];

export function standDownApplies(status: string): boolean {
  return (SUMMONS_STAND_DOWN_APPLIES_FROM as readonly string[]).includes(status);
}

export function isSummonsStatus(value: unknown): value is SummonsStatus {
  return typeof value === 'string' && (SUMMONS_STATUSES as readonly string[]).includes(value);
}

/**
 * Whether `answer` moves a summons in `status`. Takes any string, so a service with statuses of
 * its own beyond these (dispatch's `replaced`) asks the same rule: none of those ever moves.
 */
export function summonsAnswerApplies(status: string, answer: SummonsAnswer): boolean {
  return (SUMMONS_ANSWER_APPLIES_FROM[answer] as readonly string[]).includes(status);
}

/** The status after `answer`, or null when the rule refuses it from `status`. */
export function summonsStatusAfter(status: string, answer: SummonsAnswer): SummonsStatus | null {
  return summonsAnswerApplies(status, answer) ? answer : null;
}
