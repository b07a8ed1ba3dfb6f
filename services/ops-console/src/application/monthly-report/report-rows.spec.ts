import { monthlyFigures, reportMonth } from '../../domain/monthly-report';
import { monthlyReportRows } from './report-rows';

describe('the monthly report rows', () => {
  it('lists the source report’s figures in its words, counts as counts and rates as rates', () => {
    const rows = monthlyReportRows(monthlyFigures([], reportMonth('2026-11'), 3600));
    expect(rows.map((r) => r.label)).toEqual([
      '受理矛盾纠纷（件）',
      '接待群众（批次）',
      '接待群众（人次）',
      '调解成功（件）',
      '调解结束（件）',
      '调解成功率',
      '吹哨案件（件）',
      '现场化解（件）',
      '现场化解率',
      '办结（件）',
      '村级化解（件）',
      '镇级化解（件）',
      '区级化解（件）',
      '村级化解占比',
      '镇级化解占比',
      '区级化解占比',
    ]);
    expect(rows.filter((r) => r.kind === 'rate').map((r) => r.value)).toEqual([null, null, null, null, null]);
    expect(rows.find((r) => r.label === '受理矛盾纠纷（件）')).toEqual({
      label: '受理矛盾纠纷（件）',
      value: 0,
      kind: 'count',
    });
  });
});
