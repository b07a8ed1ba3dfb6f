import { nearestRank, onTimeArrivalRate, rateOf, responseRate } from '@chuishao/contracts';

/**
 * Scorecards (督查评价) per department or per center: the rates SPEC grades a dispatch system by.
 * Each summons is one fact; case outcomes (mediation, confirmation) count once per case.
 */

export interface SummonsFact {
  groupId: string;
  groupName: string;
  caseId: string;
  summonedAt: Date;
  deadline: Date;
  acknowledgedAt: Date | null;
  arrivedAt: Date | null;
  declinedAt: Date | null;
  /** The operator stood the department down (SummonsStoodDown): SPEC "not a miss". */
  stoodDownAt: Date | null;
  whistleBlownAt: Date;
  agreementAt: Date | null;
  mediationFailedAt: Date | null;
  confirmation: 'granted' | 'rejected' | null;
}

export interface Scorecard {
  id: string;
  name: string;
  summoned: number;
  /** The contracts' definitions (libs/contracts scorecard-rates.ts), as sla-timer's scorecards. */
  responseRate: number | null;
  onTimeArrivalRate: number | null;
  timeToArriveSeconds: { p50: number | null; p90: number | null };
  /** Agreements over mediations that ended, per case. */
  mediationSuccessRate: number | null;
  /** Agreements signed within the on-site window of the whistle, over whistled cases. */
  onSiteResolutionRate: number | null;
  /** Court confirmations granted over rulings, per case. */
  confirmationRate: number | null;
}

export interface ScorecardOptions {
  now: Date;
  onSiteResolutionSeconds: number;
}

/** Nearest-rank percentile of ascending `sorted`; null for none (the contracts' one). */
export const percentile = nearestRank;

function scoreGroup(facts: SummonsFact[], options: ScorecardOptions): Scorecard {
  const first = facts[0]!;
  // The rates are the contracts' definitions; a declined summons is not judged (SPEC: final, the
  // operator reassigns and the replacement is judged instead), nor a stood-down one (not a miss).
  const judged = facts.filter((f) => !f.declinedAt && !f.stoodDownAt);
  const arriveSeconds = facts
    .filter((f) => f.arrivedAt)
    .map((f) => Math.max(0, Math.round((f.arrivedAt!.getTime() - f.summonedAt.getTime()) / 1000)))
    .sort((a, b) => a - b);

  const cases = new Map<string, SummonsFact>();
  for (const f of facts) if (!cases.has(f.caseId)) cases.set(f.caseId, f);
  const outcomes = [...cases.values()];
  const agreements = outcomes.filter((c) => c.agreementAt).length;
  const mediationsEnded = outcomes.filter((c) => c.agreementAt || c.mediationFailedAt).length;
  const onSite = outcomes.filter(
    (c) =>
      c.agreementAt &&
      c.agreementAt.getTime() - c.whistleBlownAt.getTime() <= options.onSiteResolutionSeconds * 1000,
  ).length;
  const granted = outcomes.filter((c) => c.confirmation === 'granted').length;
  const ruled = outcomes.filter((c) => c.confirmation !== null).length;

  return {
    id: first.groupId,
    name: first.groupName,
    summoned: facts.length,
    responseRate: responseRate(judged, options.now),
    onTimeArrivalRate: onTimeArrivalRate(judged, options.now),
    timeToArriveSeconds: { p50: percentile(arriveSeconds, 50), p90: percentile(arriveSeconds, 90) },
    mediationSuccessRate: rateOf(agreements, mediationsEnded),
    onSiteResolutionRate: rateOf(onSite, outcomes.length),
    confirmationRate: rateOf(granted, ruled),
  };
}

/** One scorecard per group, by group id. */
export function computeScorecards(facts: readonly SummonsFact[], options: ScorecardOptions): Scorecard[] {
  const groups = new Map<string, SummonsFact[]>();
  for (const fact of facts) {
    const group = groups.get(fact.groupId) ?? [];
    group.push(fact);
    groups.set(fact.groupId, group);
  }
  return [...groups.keys()].sort().map((id) => scoreGroup(groups.get(id)!, options));
}
