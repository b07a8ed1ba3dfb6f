/**
 * The scorecard rates' definitions (SPEC: "response (acknowledged in time), arrival on time"),
 * the one arithmetic sla-timer's scorecards and the console's read of them both apply, so the two
 * windows never show a department two different rates. Pure: the caller passes `now`.
 *
 * - Which summons count: those made in the period, except one its department declined (SPEC: a
 *   decline is final and the operator reassigns; the replacement's summons is the one judged)
 *   and one the operator stood down (SPEC: "not a miss"; its clock was stopped by the operator).
 *   The caller leaves those out before asking.
 * - A summons is judged for a rate only once its outcome for that rate is known: for the response
 *   once it was answered in time or its deadline has passed; for arrival once it arrived or its
 *   deadline has passed. One still running before its deadline is neither a hit nor a miss.
 * - In time / on time: at or before the stored deadline (never from when a timer ran).
 * - response rate = summons acknowledged (or arrived, which answers too) in time ÷ summons judged
 *   for the response; on-time arrival rate = summons arrived on time ÷ summons judged for arrival.
 * - A rate with nothing judged is null, never 0; rates are rounded to four decimals.
 */
export interface SummonsOutcome {
  deadline: Date;
  acknowledgedAt: Date | null;
  arrivedAt: Date | null;
}

const atOrBefore = (at: Date | null, deadline: Date): boolean =>
  at !== null && at.getTime() <= deadline.getTime();

const deadlinePassed = (summons: SummonsOutcome, now: Date): boolean =>
  summons.deadline.getTime() < now.getTime();

/** Acknowledged, or arrived, at or before the deadline. */
export function answeredInTime(summons: SummonsOutcome): boolean {
  return (
    atOrBefore(summons.acknowledgedAt, summons.deadline) || atOrBefore(summons.arrivedAt, summons.deadline)
  );
}

export function arrivedOnTime(summons: SummonsOutcome): boolean {
  return atOrBefore(summons.arrivedAt, summons.deadline);
}

/** `numerator ÷ denominator` to four decimals; null when there is nothing to divide by. */
export function rateOf(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : Math.round((numerator / denominator) * 10000) / 10000;
}

export function responseRate(summons: readonly SummonsOutcome[], now: Date): number | null {
  const judged = summons.filter((s) => answeredInTime(s) || deadlinePassed(s, now));
  return rateOf(judged.filter(answeredInTime).length, judged.length);
}

export function onTimeArrivalRate(summons: readonly SummonsOutcome[], now: Date): number | null {
  const judged = summons.filter((s) => s.arrivedAt !== null || deadlinePassed(s, now));
  return rateOf(judged.filter(arrivedOnTime).length, judged.length);
}

/** Nearest-rank percentile of ascending `sorted` (p50 of 4 values is the 2nd); null for none. */
export function nearestRank(sorted: readonly number[], percentile: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((percentile / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

/**
 * The follow-up rates (回访「三率」, as Beijing's 12345 reports them: 响应率、解决率、满意率),
 * over the follow-ups of the cases closed in a period, per center (the center holding each case
 * when it closed) or per department (the departments summoned to it). Pure: the caller passes `now`.
 *
 * - A follow-up is judged for the response once it is answered or its due time (the closing plus
 *   the follow-up window, FollowUpScheduled's dueAt) has passed; one still open before its due time
 *   is neither a hit nor a miss.
 * - response rate (响应率) = follow-ups answered (SMS link or phone, even after the due time) ÷
 *   follow-ups judged.
 * - resolution rate (解决率) = answered follow-ups whose party says the dispute is resolved ÷
 *   answered follow-ups.
 * - satisfaction rate (满意率) = answered follow-ups satisfied or basically satisfied ÷ answered
 *   follow-ups.
 * - A rate with nothing to judge is null, never 0; four decimals, as the other rates.
 */
export interface FollowUpOutcome {
  dueAt: Date;
  /** Null while the party has not answered. */
  answer: 'satisfied' | 'basically_satisfied' | 'unsatisfied' | null;
  resolved: boolean | null;
}

export interface FollowUpRates {
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
}

export function followUpRates(followUps: readonly FollowUpOutcome[], now: Date): FollowUpRates {
  const answered = followUps.filter((f) => f.answer !== null);
  const judged = followUps.filter((f) => f.answer !== null || f.dueAt.getTime() < now.getTime());
  return {
    responseRate: rateOf(answered.length, judged.length),
    resolutionRate: rateOf(answered.filter((f) => f.resolved === true).length, answered.length),
    satisfactionRate: rateOf(answered.filter((f) => f.answer !== 'unsatisfied').length, answered.length),
  };
}
