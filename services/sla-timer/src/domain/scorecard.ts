import { arrivedOnTime as isOnTime, nearestRank, onTimeArrivalRate, responseRate } from '@chuishao/contracts';

/**
 * Scorecards (督查评价): how each department (or each center's cases) answered its summons in a
 * period. Pure arithmetic over the stored SLA rows, so the figures can be checked by hand.
 *
 * Definitions, chosen so a supervisor can recompute them from the case files:
 * - a summons counts in the period when it was made in [from, to); a summons withdrawn (the
 *   department declined and was replaced, or the operator stood it down, even after its deadline:
 *   SPEC "stood_down by the operator (not a miss)") is left out: its clock was stopped by the
 *   operator, not by the department;
 * - time to acknowledge / to arrive: from the summons to the acknowledgement / arrival, seconds;
 *   percentiles are nearest-rank (p50 of 4 values is the 2nd smallest), null when there is none;
 * - on time, the on-time rate and the response rate are the contracts' definitions
 *   (libs/contracts scorecard-rates.ts, which the console applies too): at or before the stored
 *   deadline; a summons judged once its outcome is known (one still running before its deadline
 *   is neither a hit nor a miss); response = acknowledged (or arrived) in time ÷ judged;
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

/** Nearest-rank percentile of ascending-sorted values (the contracts' one). */
export { nearestRank } from '@chuishao/contracts';

function seconds(from: Date, to: Date): number {
  return Math.round((to.getTime() - from.getTime()) / 1000);
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
  let arrivedOnTime = 0;
  let breaches = 0;
  for (const row of rows) {
    if (row.acknowledgedAt) toAcknowledge.push(seconds(row.summonedAt, row.acknowledgedAt));
    if (row.arrivedAt) toArrive.push(seconds(row.summonedAt, row.arrivedAt));
    const onTime = isOnTime(row);
    if (onTime) arrivedOnTime++;
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
    responseRate: responseRate(rows, now),
    onTimeRate: onTimeArrivalRate(rows, now),
    timeToAcknowledgeSeconds: { p50: nearestRank(toAcknowledge, 50), p90: nearestRank(toAcknowledge, 90) },
    timeToArriveSeconds: { p50: nearestRank(toArrive, 50), p90: nearestRank(toArrive, 90) },
  };
}
