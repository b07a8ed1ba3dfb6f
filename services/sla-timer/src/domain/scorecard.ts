/**
 * Scorecards (督查评价): how each department (or each center's cases) answered its summons in a
 * period. Pure arithmetic over the stored SLA rows, so the figures can be checked by hand.
 *
 * Definitions, chosen so a supervisor can recompute them from the case files:
 * - a summons counts in the period when it was made in [from, to); a summons withdrawn before
 *   its deadline (the department declined and was replaced) is left out: its clock was stopped by
 *   the operator, not by the department;
 * - time to acknowledge / to arrive: from the summons to the acknowledgement / arrival, seconds;
 *   percentiles are nearest-rank (p50 of 4 values is the 2nd smallest), null when there is none;
 * - on time: arrived at or before the stored deadline (never from when a timer ran);
 * - on-time rate: on-time arrivals ÷ decided summons, where a summons is decided once it arrived
 *   or its deadline has passed (one still running before its deadline is neither late nor on
 *   time); null when nothing is decided;
 * - response rate: acknowledged (or arrived without an acknowledgement) ÷ summons;
 * - breaches: summons whose deadline passed without an arrival (arrived late or still absent).
 */
export interface ScorecardRow {
  groupId: string;
  groupName: string;
  summonedAt: Date;
  deadline: Date;
  acknowledgedAt: Date | null;
  arrivedAt: Date | null;
  withdrawn: boolean;
}

export interface Scorecard {
  id: string;
  name: string;
  summons: number;
  acknowledged: number;
  arrived: number;
  arrivedOnTime: number;
  breaches: number;
  responseRate: number | null;
  onTimeRate: number | null;
  timeToAcknowledgeSeconds: { p50: number | null; p90: number | null };
  timeToArriveSeconds: { p50: number | null; p90: number | null };
}

/** Nearest-rank percentile of ascending-sorted values. */
export function nearestRank(sorted: readonly number[], percentile: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((percentile / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

function seconds(from: Date, to: Date): number {
  return Math.round((to.getTime() - from.getTime()) / 1000);
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : Math.round((numerator / denominator) * 10000) / 10000;
}

/** One scorecard per group (department or center), ordered by id. */
export function computeScorecards(rows: readonly ScorecardRow[], now: Date): Scorecard[] {
  const groups = new Map<string, ScorecardRow[]>();
  for (const row of rows) {
    if (row.withdrawn) continue;
    const group = groups.get(row.groupId);
    if (group) group.push(row);
    else groups.set(row.groupId, [row]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, group]) => scorecardOf(id, group, now));
}

function scorecardOf(id: string, rows: ScorecardRow[], now: Date): Scorecard {
  const toAcknowledge: number[] = [];
  const toArrive: number[] = [];
  let responded = 0;
  let arrivedOnTime = 0;
  let decided = 0;
  let breaches = 0;
  for (const row of rows) {
    if (row.acknowledgedAt) toAcknowledge.push(seconds(row.summonedAt, row.acknowledgedAt));
    if (row.acknowledgedAt || row.arrivedAt) responded++;
    const onTime = row.arrivedAt !== null && row.arrivedAt.getTime() <= row.deadline.getTime();
    if (row.arrivedAt) toArrive.push(seconds(row.summonedAt, row.arrivedAt));
    if (onTime) arrivedOnTime++;
    if (row.arrivedAt || row.deadline.getTime() < now.getTime()) decided++;
    if (!onTime && row.deadline.getTime() < now.getTime()) breaches++;
  }
  toAcknowledge.sort((a, b) => a - b);
  toArrive.sort((a, b) => a - b);
  return {
    id,
    name: rows[0].groupName,
    summons: rows.length,
    acknowledged: toAcknowledge.length,
    arrived: toArrive.length,
    arrivedOnTime,
    breaches,
    responseRate: ratio(responded, rows.length),
    onTimeRate: ratio(arrivedOnTime, decided),
    timeToAcknowledgeSeconds: { p50: nearestRank(toAcknowledge, 50), p90: nearestRank(toAcknowledge, 90) },
    timeToArriveSeconds: { p50: nearestRank(toArrive, 50), p90: nearestRank(toArrive, 90) },
  };
}
