/**
 * The month a monthly report is asked for (YYYY-MM, Beijing time, as ops-console counts it): by
 * default the last whole month, the one a center files at the start of the next.
 */
const BEIJING_OFFSET_MS = 8 * 3_600_000;

export function previousMonth(now: Date): string {
  const beijing = new Date(now.getTime() + BEIJING_OFFSET_MS);
  const year = beijing.getUTCFullYear();
  const month = beijing.getUTCMonth(); // 0-based: this is already the previous month's number
  return month === 0 ? `${year - 1}-12` : `${year}-${String(month).padStart(2, '0')}`;
}

/** The path of the report (ops-console's GET /api/reports/monthly.xlsx) and the file name to save it as. */
export function monthlyReportRequest(centerId: string, month: string): { path: string; filename: string } {
  return {
    path: `/reports/monthly.xlsx?center=${encodeURIComponent(centerId)}&month=${encodeURIComponent(month)}`,
    filename: `月报-${centerId}-${month}.xlsx`,
  };
}
