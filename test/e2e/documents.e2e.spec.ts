import { execFileSync } from 'node:child_process';
import { as, http, waitFor } from '@chuishao/testing';
import ExcelJS from 'exceljs';
import { ANLIZHA_CASE, clerk, ok } from './api';
import { startSystem, type RunningSystem } from './system';

const mediator = as({ role: 'mediator', subject: 'mediator-zhang' });
const supervisor = as({ role: 'supervisor', subject: 'supervisor-ganzhou-1', centerId: 'ganzhou-district' });
const PARTIES = ANLIZHA_CASE.parties.map((p) => p.name);

/** A PDF read back by poppler-utils' pdftotext, without the layout's spacing. */
const pdftext = (pdf: Buffer) =>
  execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf })
    .toString()
    .replace(/[ \u3000]+/g, '');
/** The month (YYYY-MM) of an instant in Beijing time, as ops-console counts months. */
const beijingMonth = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);

/**
 * The documents people sign and file, through the real system: intake, mediation,
 * judicial-confirmation and ops-console as processes on real Kafka and PostgreSQL, every
 * download through the console's gateway as the workstation makes it. A case registered at the
 * window and mediated to an agreement: its 人民调解协议书, the parties' application for judicial
 * confirmation (司法确认申请书), and the village's monthly workbook, read back.
 */
describe('documents, end to end (intake, mediation, judicial-confirmation, ops-console as processes)', () => {
  let system: RunningSystem;
  let consoleUrl: string;

  beforeAll(async () => {
    system = await startSystem({ services: ['intake', 'mediation', 'judicial-confirmation', 'ops-console'] });
    consoleUrl = system.urls['ops-console'];
  });

  afterAll(async () => system?.stop());

  const file = async (path: string, headers: Record<string, string>) => {
    const response = await fetch(`${consoleUrl}${path}`, { headers });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      disposition: response.headers.get('content-disposition'),
      bytes: Buffer.from(await response.arrayBuffer()),
    };
  };

  it('draws the agreement, the application and the monthly report from what the services learnt', async () => {
    const registered = await ok(consoleUrl, 'POST', '/api/intake/cases', ANLIZHA_CASE, {
      ...clerk,
      'idempotency-key': `documents-${Date.now()}`,
    });
    const opened = await waitFor('mediation to learn of the case and open', async () => {
      const { status, body } = await http(
        consoleUrl,
        'POST',
        `/api/mediation/cases/${registered.id}/mediations`,
        {},
        mediator,
      );
      return status === 201 && body;
    });
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
    await ok(
      consoleUrl,
      'POST',
      `/api/mediation/mediations/${opened.id}/sessions`,
      { startedAt: minutesAgo(40), endedAt: minutesAgo(5), participants: PARTIES, level: '理' },
      mediator,
    );
    const signedAt = minutesAgo(1);
    const agreement = await ok(
      consoleUrl,
      'POST',
      `/api/mediation/mediations/${opened.id}/agreement`,
      {
        facts: '县道交通事故致申请人女儿死亡。',
        mattersInDispute: [{ category: 'compensation', description: '死亡赔偿金及丧葬费' }],
        responsibilities: [{ party: PARTIES[1], responsibility: '负事故主要责任' }],
        terms: `${PARTIES[1]}向${PARTIES[0]}一次性支付赔偿款。`,
        amount: 520000,
        performance: { manner: '银行转账', deadline: new Date(Date.now() + 30 * 86_400_000).toISOString() },
        partySignatures: PARTIES.map((party) => ({ party, signedAt })),
        mediatorSignature: { mediator: 'mediator-zhang', signedAt },
      },
      mediator,
    );

    // The agreement, from mediation, for the mediator to print for the parties.
    const agreementPdf = await file(`/api/mediation/mediations/${opened.id}/agreement.pdf`, mediator);
    expect(agreementPdf.status).toBe(200);
    expect(agreementPdf.type).toBe('application/pdf');
    expect(agreementPdf.disposition).toMatch(/^attachment; filename="agreement-.*-parties\.pdf"$/);
    const agreementText = pdftext(agreementPdf.bytes);
    for (const expected of [
      '人民调解协议书',
      `编号：${registered.caseNo}`,
      '当事人1：王某(father)',
      '当事人2：赵某(driver)',
      '死亡赔偿金及丧葬费',
      '金额：人民币520,000.00元',
      '人民调解员（签名）：mediator-zhang',
    ])
      expect(agreementText).toContain(expected);

    // The parties apply for judicial confirmation; the application, from judicial-confirmation.
    const request = await waitFor(
      'judicial-confirmation to learn the agreement and take the application',
      async () => {
        const { status, body } = await http(
          consoleUrl,
          'POST',
          `/api/judicial-confirmation/agreements/${agreement.id}/confirmation-requests`,
          { consentingParties: PARTIES },
          { ...mediator, 'idempotency-key': `apply-${agreement.id}` },
        );
        return status === 201 && body;
      },
    );
    const applicationPdf = await file(
      `/api/judicial-confirmation/confirmation-requests/${request.requestId}/application.pdf`,
      mediator,
    );
    expect(applicationPdf.status).toBe(200);
    const applicationText = pdftext(applicationPdf.bytes);
    for (const expected of [
      '司法确认申请书',
      '申请人1：王某(father)',
      '请求事项',
      '此致',
      '申请人（签名）：赵某(driver)',
    ])
      expect(applicationText).toContain(expected);

    // The village's month at the console: the case and its agreement counted.
    const month = beijingMonth(new Date(agreement.effectiveAt));
    const figures = await waitFor('the console to count the case and its agreement', async () => {
      const report = await file(
        `/api/reports/monthly.xlsx?center=anlizha-village&month=${month}`,
        supervisor,
      );
      if (report.status !== 200) return false;
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(report.bytes as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet('月报')!;
      const values = new Map<string, unknown>();
      sheet.eachRow((row) => values.set(String(row.getCell(1).value), row.getCell(2).value));
      return values.get('调解成功（件）') === 1 && values;
    });
    expect(figures.get('月份')).toBe(month);
    expect(figures.get('受理矛盾纠纷（件）')).toBe(1);
    expect(figures.get('接待群众（人次）')).toBe(ANLIZHA_CASE.headcount);
    expect(figures.get('调解成功率')).toBe(1);
  });
});
