import {
  AgreementReached,
  CaseClosed,
  CaseReferred,
  CaseRegistered,
  MediationFailed,
  WhistleBlown,
} from '@chuishao/contracts';
import { uuidv7 } from '@chuishao/kernel';
import { as, startService, type RunningService } from '@chuishao/testing';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { AppModule, OPS_CONSOLE_DESCRIPTION } from '../src/app.module';
import { FIRST_FIGURE_ROW, MONTHLY_SHEET } from '../src/infrastructure/reports/monthly-workbook';
import { Script } from './support';

/** Centers of their own, so no other test's cases count. */
const RUN = uuidv7().slice(-6);
const DISTRICT = `district-${RUN}`;
const TOWN = { id: `town-${RUN}`, name: '上秦镇', tier: 'town' as const, path: [DISTRICT, `town-${RUN}`] };
const VILLAGE = {
  id: `village-${RUN}`,
  name: '安里闸村',
  tier: 'village' as const,
  path: [DISTRICT, `town-${RUN}`, `village-${RUN}`],
};
/** May 2032, Beijing time; the first case comes at 00:30 on 1 May there (16:30 UTC on 30 April). */
const MONTH = '2032-05';
const at = (minutes: number) => new Date(Date.parse('2032-04-30T16:30:00Z') + minutes * 60_000).toISOString();

/**
 * GET /api/reports/monthly.xlsx on real PostgreSQL and Kafka: the console's read model fed the
 * events of three cases, the workbook read back with exceljs, cell by cell; the center scope, the
 * month's validation and the audit.
 */
describe('the monthly report workbook (real PostgreSQL and Kafka)', () => {
  let service: RunningService;
  const script = new Script(() => service);
  const download = async (query: string, headers: Record<string, string>) => {
    const response = await fetch(`${service.baseUrl}/api/reports/monthly.xlsx?${query}`, { headers });
    return {
      status: response.status,
      headers: response.headers,
      bytes: Buffer.from(await response.arrayBuffer()),
    };
  };
  /** Column A's label → column B's value, from the figures down. */
  const figures = async (bytes: Buffer) => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet(MONTHLY_SHEET)!;
    const values = new Map<string, unknown>();
    for (let row = FIRST_FIGURE_ROW; row <= sheet.rowCount; row++)
      values.set(String(sheet.getCell(row, 1).value), sheet.getCell(row, 2).value);
    return { sheet, values };
  };

  async function register(center: typeof VILLAGE | typeof TOWN, minutes: number, headcount: number) {
    const caseId = uuidv7();
    await script.publish(CaseRegistered, caseId, {
      caseNo: `R-${caseId.slice(-6)}`,
      center,
      channel: 'walk_in',
      disputeType: 'neighbour',
      summary: '邻里纠纷',
      headcount,
      urgency: 'normal',
      parties: [
        { partyId: uuidv7(), role: 'applicant', name: '王某', idNumberMasked: null, phoneMasked: null },
      ],
      registeredAt: at(minutes),
    });
    return caseId;
  }

  beforeAll(async () => {
    service = await startService(
      'ops-console',
      (config) => AppModule.forRoot(config),
      OPS_CONSOLE_DESCRIPTION,
    );
    // A: at the village, whistled, agreed 30 minutes later (on site), closed there.
    const a = await register(VILLAGE, 0, 5);
    await script.publish(WhistleBlown, a, {
      whistleId: uuidv7(),
      caseNo: `R-${a.slice(-6)}`,
      centerId: VILLAGE.id,
      disputeType: 'neighbour',
      urgency: 'normal',
      reason: null,
      blownAt: at(10),
      arrivalDeadline: at(40),
      slaSeconds: 1800,
      summons: [
        {
          summonsId: uuidv7(),
          departmentId: 'judicial-office',
          departmentName: '司法所',
          departmentKind: 'judicial',
        },
      ],
    });
    await script.publish(AgreementReached, a, {
      agreementId: uuidv7(),
      mediationId: uuidv7(),
      parties: ['王某'],
      mediatorId: 'mediator-1',
      matters: [{ category: 'property', description: '院墙' }],
      terms: '拆除院墙',
      amount: null,
      performanceDeadline: null,
      effectiveAt: at(40),
    });
    await script.publish(CaseClosed, a, { reason: 'agreed', closedAt: at(50) });
    // B: at the village, mediation failed, referred up to the town, closed there.
    const b = await register(VILLAGE, 60, 2);
    await script.publish(MediationFailed, b, {
      mediationId: uuidv7(),
      reason: '双方不同意',
      referral: 'litigation',
      tierLevel: 'village_committee',
      failedAt: at(120),
    });
    await script.publish(CaseReferred, b, {
      caseNo: `R-${b.slice(-6)}`,
      direction: 'up',
      from: VILLAGE,
      to: TOWN,
      reason: '村内无法化解',
      referredAt: at(130),
    });
    await script.publish(CaseClosed, b, { reason: 'resolved at the town', closedAt: at(200) });
    // C: at the town, open; D: at the village, registered in April (Beijing time), not this month's.
    await register(TOWN, 300, 3);
    await register(VILLAGE, -31, 9);
    await script.handled();
  });

  afterAll(async () => {
    await script.stop();
    await service?.close();
  });

  it("gives the town's supervisor the month's figures for the town and the villages below it", async () => {
    const supervisor = as({ role: 'supervisor', subject: 'supervisor-town', centerId: TOWN.id });
    const report = await download(`center=${TOWN.id}&month=${MONTH}`, supervisor);
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(report.headers.get('content-disposition')).toBe(
      `attachment; filename="monthly-${TOWN.id}-${MONTH}.xlsx"`,
    );
    const { sheet, values } = await figures(report.bytes);
    expect(sheet.getCell('A1').value).toBe('上秦镇 矛盾纠纷调处月报');
    expect(sheet.getCell('B3').value).toBe(MONTH);
    expect(Object.fromEntries(values)).toEqual({
      '受理矛盾纠纷（件）': 3,
      '接待群众（批次）': 3,
      '接待群众（人次）': 10,
      '调解成功（件）': 1,
      '调解结束（件）': 2,
      调解成功率: 0.5,
      '吹哨案件（件）': 1,
      '现场化解（件）': 1,
      现场化解率: 1,
      '办结（件）': 2,
      '村级化解（件）': 1,
      '镇级化解（件）': 1,
      '区级化解（件）': 0,
      村级化解占比: 0.5,
      镇级化解占比: 0.5,
      区级化解占比: 0,
    });
    expect(sheet.getCell(FIRST_FIGURE_ROW + 5, 2).numFmt).toBe('0.00%');

    const audit = await service.app
      .get(DataSource)
      .query(
        `SELECT actor_id, details FROM audit_log WHERE action = 'MonthlyReportDownloaded' AND entity_id = $1`,
        [TOWN.id],
      );
    expect(audit).toEqual([{ actor_id: 'supervisor-town', details: { month: MONTH } }]);
  });

  it("keeps a village's operator to the village: its own report, 404 for the town above it", async () => {
    const operator = as({ role: 'operator', subject: 'op-village', centerId: VILLAGE.id });
    const own = await figures((await download(`center=${VILLAGE.id}&month=${MONTH}`, operator)).bytes);
    // B was referred to the town: the village's month holds A only.
    expect(own.values.get('受理矛盾纠纷（件）')).toBe(1);
    expect(own.values.get('接待群众（人次）')).toBe(5);
    expect(own.values.get('调解成功率')).toBe(1);
    const above = await download(`center=${TOWN.id}&month=${MONTH}`, operator);
    expect(above.status).toBe(404);
    expect(JSON.parse(above.bytes.toString()).code).toBe('CENTER_NOT_FOUND');
    const unknown = await download(
      `center=nowhere-${RUN}&month=${MONTH}`,
      as({ role: 'ops', subject: 'ops-1' }),
    );
    expect(unknown.status).toBe(404);
    expect(
      (await download(`center=${TOWN.id}&month=${MONTH}`, as({ role: 'clerk', subject: 'c-1' }))).status,
    ).toBe(403);
  });

  it('refuses a month that is not YYYY-MM, and a missing center, naming the field', async () => {
    const ops = as({ role: 'ops', subject: 'ops-1' });
    for (const month of ['2032-13', '2032-5', 'May'] as const) {
      const bad = await download(`center=${TOWN.id}&month=${month}`, ops);
      expect(bad.status).toBe(400);
      expect(bad.bytes.toString()).toContain('month');
    }
    const missing = await download(`month=${MONTH}`, ops);
    expect(missing.status).toBe(400);
    expect(missing.bytes.toString()).toContain('center');
    const empty = await figures((await download(`center=${TOWN.id}&month=2032-07`, ops)).bytes);
    expect(empty.values.get('受理矛盾纠纷（件）')).toBe(0);
    expect(empty.values.get('调解成功率')).toBeNull();
  });
});
