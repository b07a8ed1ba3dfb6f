import ExcelJS from 'exceljs';
import type { ReportRow } from '../../application/monthly-report/report-rows';

export interface MonthlyWorkbookInput {
  centerId: string;
  centerName: string;
  month: string;
  generatedAt: Date;
  rows: readonly ReportRow[];
}

/** The sheet's name and where its figures start (the int tests read the cells there). */
export const MONTHLY_SHEET = '月报';
export const FIRST_FIGURE_ROW = 6;

/**
 * The monthly report as an .xlsx workbook (exceljs): a title, the center and month, then one row
 * per figure — label in A, value in B (a number; a rate as a fraction formatted 0.00%, empty when
 * there is nothing to rate).
 */
export async function monthlyWorkbook(input: MonthlyWorkbookInput): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'chuishao ops-console';
  workbook.created = input.generatedAt;
  const sheet = workbook.addWorksheet(MONTHLY_SHEET);
  sheet.columns = [{ width: 28 }, { width: 16 }];
  sheet.mergeCells('A1:B1');
  sheet.getCell('A1').value = `${input.centerName} 矛盾纠纷调处月报`;
  sheet.getCell('A1').font = { bold: true, size: 14 };
  sheet.addRow([]);
  sheet.getRow(2).values = ['中心', `${input.centerName}（${input.centerId}，含下辖中心）`];
  sheet.getRow(3).values = ['月份', input.month];
  sheet.getRow(5).values = ['指标', '数值'];
  sheet.getRow(5).font = { bold: true };
  input.rows.forEach((row, i) => {
    const line = sheet.getRow(FIRST_FIGURE_ROW + i);
    line.getCell(1).value = row.label;
    line.getCell(2).value = row.value;
    if (row.kind === 'rate') line.getCell(2).numFmt = '0.00%';
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
