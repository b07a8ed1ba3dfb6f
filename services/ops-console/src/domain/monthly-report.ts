import { rateOf } from '@chuishao/contracts';
import { InvalidError } from '@chuishao/kernel';

/**
 * The monthly report of a governance center (月报), with the figures the source report gives:
 * disputes taken in (受理纠纷), visitors received in batches and person-visits (接待群众批次、人次),
 * the mediation success rate (调解成功率), the on-site resolution rate (现场化解率) and where cases
 * were resolved (小事不出村、大事不出镇). The center's figures include every center below it. Pure.
 */
export interface MonthlyCaseFact {
  caseId: string;
  registeredAt: Date | null;
  /** People who came with it (CaseRegistered headcount). */
  headcount: number | null;
  /** The first whistle blown for it. */
  whistleBlownAt: Date | null;
  agreementAt: Date | null;
  mediationFailedAt: Date | null;
  closedAt: Date | null;
  /** The tier of the center holding it (after any referral): where it was resolved once closed. */
  tier: 'village' | 'town' | 'district' | null;
}

export interface ReportMonth {
  /** YYYY-MM */
  month: string;
  /** [from, to): the month's first instant and the next month's, in Asia/Shanghai. */
  from: Date;
  to: Date;
}

export interface MonthlyFigures {
  /** Cases registered in the month (受理纠纷, 件). */
  disputesHandled: number;
  /** Visits received (接待批次): each registration is one visit by its party or group. */
  batches: number;
  /** People received (接待人次): the headcounts of those visits. */
  personVisits: number;
  mediationsSucceeded: number;
  mediationsEnded: number;
  /** Agreements ÷ mediations ended in the month; null when none ended. */
  mediationSuccessRate: number | null;
  whistled: number;
  resolvedOnSite: number;
  /** Agreements signed within the on-site window of the case's whistle ÷ cases whistled in the month. */
  onSiteResolutionRate: number | null;
  resolved: number;
  resolvedAt: { village: number; town: number; district: number };
  resolvedShares: { village: number | null; town: number | null; district: number | null };
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** `2026-11` → [2026-11-01 00:00, 2026-12-01 00:00) Beijing time; 400 naming `month` otherwise. */
export function reportMonth(month: string): ReportMonth {
  const match = MONTH.exec(month);
  if (!match) throw new InvalidError('INVALID_MONTH', 'month: must be a month as YYYY-MM', 'month');
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  return {
    month,
    from: new Date(Date.UTC(year, index, 1) - SHANGHAI_OFFSET_MS),
    to: new Date(Date.UTC(year, index + 1, 1) - SHANGHAI_OFFSET_MS),
  };
}

export function monthlyFigures(
  facts: readonly MonthlyCaseFact[],
  month: ReportMonth,
  onSiteResolutionSeconds: number,
): MonthlyFigures {
  const inMonth = (at: Date | null) => at !== null && at >= month.from && at < month.to;
  const registered = facts.filter((f) => inMonth(f.registeredAt));
  const agreed = facts.filter((f) => inMonth(f.agreementAt));
  const failed = facts.filter((f) => !inMonth(f.agreementAt) && inMonth(f.mediationFailedAt));
  const whistled = facts.filter((f) => inMonth(f.whistleBlownAt));
  const onSite = whistled.filter(
    (f) =>
      f.agreementAt !== null &&
      f.agreementAt.getTime() - f.whistleBlownAt!.getTime() <= onSiteResolutionSeconds * 1000,
  );
  const closed = facts.filter((f) => inMonth(f.closedAt));
  const at = (tier: MonthlyCaseFact['tier']) => closed.filter((f) => f.tier === tier).length;
  const resolvedAt = { village: at('village'), town: at('town'), district: at('district') };
  return {
    disputesHandled: registered.length,
    batches: registered.length,
    personVisits: registered.reduce((sum, f) => sum + (f.headcount ?? 1), 0),
    mediationsSucceeded: agreed.length,
    mediationsEnded: agreed.length + failed.length,
    mediationSuccessRate: rateOf(agreed.length, agreed.length + failed.length),
    whistled: whistled.length,
    resolvedOnSite: onSite.length,
    onSiteResolutionRate: rateOf(onSite.length, whistled.length),
    resolved: closed.length,
    resolvedAt,
    resolvedShares: {
      village: rateOf(resolvedAt.village, closed.length),
      town: rateOf(resolvedAt.town, closed.length),
      district: rateOf(resolvedAt.district, closed.length),
    },
  };
}
