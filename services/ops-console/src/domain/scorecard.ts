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
  whistleBlownAt: Date;
  agreementAt: Date | null;
  mediationFailedAt: Date | null;
  confirmation: 'granted' | 'rejected' | null;
}

export interface Scorecard {
  id: string;
  name: string;
  summoned: number;
  /** Acknowledged (or arrived) by the deadline, over summons whose deadline has been decided. */
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

/** Nearest-rank percentile of ascending `sorted`; null for none. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : Math.round((numerator / denominator) * 10000) / 10000;
}

const before = (at: Date | null, deadline: Date) => at !== null && at.getTime() <= deadline.getTime();

function scoreGroup(facts: SummonsFact[], options: ScorecardOptions): Scorecard {
  const first = facts[0]!;
  // A summons counts once its outcome is known: it arrived, it was declined, or its time is up.
  const decided = facts.filter(
    (f) => f.arrivedAt || f.declinedAt || f.deadline.getTime() <= options.now.getTime(),
  );
  const responded = decided.filter(
    (f) => before(f.acknowledgedAt, f.deadline) || before(f.arrivedAt, f.deadline),
  );
  const onTime = decided.filter((f) => before(f.arrivedAt, f.deadline));
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
    responseRate: ratio(responded.length, decided.length),
    onTimeArrivalRate: ratio(onTime.length, decided.length),
    timeToArriveSeconds: { p50: percentile(arriveSeconds, 50), p90: percentile(arriveSeconds, 90) },
    mediationSuccessRate: ratio(agreements, mediationsEnded),
    onSiteResolutionRate: ratio(onSite, outcomes.length),
    confirmationRate: ratio(granted, ruled),
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
