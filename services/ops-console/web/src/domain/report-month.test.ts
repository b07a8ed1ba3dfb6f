import { describe, expect, it } from 'vitest';
import { monthlyReportRequest, previousMonth } from './report-month';

describe('the monthly report’s month', () => {
  it('defaults to the last whole month in Beijing time', () => {
    expect(previousMonth(new Date('2026-12-03T10:00:00Z'))).toBe('2026-11');
    expect(previousMonth(new Date('2026-01-15T10:00:00Z'))).toBe('2025-12');
    // 16:30 UTC on 31 October is already 1 November in Beijing.
    expect(previousMonth(new Date('2026-10-31T16:30:00Z'))).toBe('2026-10');
    expect(previousMonth(new Date('2026-10-31T15:30:00Z'))).toBe('2026-09');
  });

  it('asks ops-console for the center and month, and names the file by them', () => {
    expect(monthlyReportRequest('shangqin-town', '2026-11')).toEqual({
      path: '/reports/monthly.xlsx?center=shangqin-town&month=2026-11',
      filename: '月报-shangqin-town-2026-11.xlsx',
    });
  });
});
