import type { MonthlyFigures } from '../../domain/monthly-report';

/** One line of the report: its label, its figure, and whether it is a count or a rate (shown as %). */
export interface ReportRow {
  label: string;
  value: number | null;
  kind: 'count' | 'rate';
}

/** The figures in the order and words of the source report (Chinese, as the centers file it). */
export function monthlyReportRows(f: MonthlyFigures): ReportRow[] {
  const count = (label: string, value: number): ReportRow => ({ label, value, kind: 'count' });
  const rate = (label: string, value: number | null): ReportRow => ({ label, value, kind: 'rate' });
  return [
    count('受理矛盾纠纷（件）', f.disputesHandled),
    count('接待群众（批次）', f.batches),
    count('接待群众（人次）', f.personVisits),
    count('调解成功（件）', f.mediationsSucceeded),
    count('调解结束（件）', f.mediationsEnded),
    rate('调解成功率', f.mediationSuccessRate),
    count('吹哨案件（件）', f.whistled),
    count('现场化解（件）', f.resolvedOnSite),
    rate('现场化解率', f.onSiteResolutionRate),
    count('办结（件）', f.resolved),
    count('村级化解（件）', f.resolvedAt.village),
    count('镇级化解（件）', f.resolvedAt.town),
    count('区级化解（件）', f.resolvedAt.district),
    rate('村级化解占比', f.resolvedShares.village),
    rate('镇级化解占比', f.resolvedShares.town),
    rate('区级化解占比', f.resolvedShares.district),
  ];
}
