import { execFileSync } from 'node:child_process';
import { uuidv7 } from '@chuishao/kernel';
import { as, http, startService, whenHandled, type RunningService } from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { AppModule, JUDICIAL_CONFIRMATION_DESCRIPTION } from '../src/app.module';
import { Script } from './support';

const MEDIATOR = as({ role: 'mediator', subject: 'mediator-1' });
const PATH = ['ganzhou-district', 'shangqin-town', 'anlizha-village'];

/** The PDF read back as text by poppler-utils' pdftotext, without the layout's spacing. */
const pdftext = (pdf: Buffer) =>
  execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf })
    .toString()
    .replace(/[ \u3000]+/g, '');

/**
 * GET /confirmation-requests/:requestId/application.pdf on real PostgreSQL and Kafka (no court:
 * the submitter is off, the application stays `submitting`): the 司法确认申请书 in Chinese, the
 * parties' copy for the mediator and the clerk, masked for supervision and ops, 404 outside the
 * reader's center, every download audited.
 */
describe('the application for judicial confirmation as a PDF (real PostgreSQL and Kafka)', () => {
  let service: RunningService;
  const script = new Script(() => service);
  const query = (sql: string, params: unknown[] = []) => service.app.get(DataSource).query(sql, params);
  const download = async (requestId: string, headers: Record<string, string>) => {
    const response = await fetch(`${service.baseUrl}/confirmation-requests/${requestId}/application.pdf`, {
      headers,
    });
    return {
      status: response.status,
      headers: response.headers,
      bytes: Buffer.from(await response.arrayBuffer()),
    };
  };

  beforeAll(async () => {
    service = await startService(
      'judicial-confirmation',
      (config) => AppModule.forRoot(config, { settings: { submitter: { enabled: false } } }),
      JUDICIAL_CONFIRMATION_DESCRIPTION,
    );
  });

  afterAll(async () => {
    await script.stop();
    await service?.close();
  });

  it("draws the application with the parties' names for those who file it, masked for the others", async () => {
    const caseId = await script.registerCase(PATH);
    const agreement = await script.agreement({
      caseId,
      parties: ['王小明', '李四海'],
      terms: '李四海向王小明支付医疗费',
    });
    await whenHandled(service, agreement.event.id);
    const filed = await http(
      service.baseUrl,
      'POST',
      `/agreements/${agreement.agreementId}/confirmation-requests`,
      { consentingParties: ['王小明', '李四海'] },
      { ...MEDIATOR, 'idempotency-key': uuidv7() },
    );
    expect(filed.status).toBe(201);
    const requestId = filed.body.requestId as string;

    const pdf = await download(requestId, MEDIATOR);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe(
      `attachment; filename="application-${requestId}-parties.pdf"`,
    );
    const text = pdftext(pdf.bytes);
    for (const expected of [
      '司法确认申请书',
      '申请人1：王小明',
      '申请人2：李四海',
      '请求事项',
      '事实和理由',
      '李四海向王小明支付医疗费',
      '金额：人民币8,000.00元',
      '此致',
      '申请人（签名）：王小明',
    ])
      expect(text).toContain(expected);

    const clerk = await download(
      requestId,
      as({ role: 'clerk', subject: 'clerk-1', centerId: 'anlizha-village' }),
    );
    expect(pdftext(clerk.bytes)).toContain('申请人1：王小明');

    const ops = await download(requestId, as({ role: 'ops', subject: 'ops-1' }));
    expect(ops.status).toBe(200);
    const masked = pdftext(ops.bytes);
    expect(masked).toContain('申请人1：王**');
    expect(masked).toContain('李**向王**支付医疗费');
    expect(masked).not.toMatch(/王小明|李四海/);

    const elsewhere = await download(
      requestId,
      as({ role: 'clerk', subject: 'clerk-2', centerId: 'liangjiadun-town' }),
    );
    expect(elsewhere.status).toBe(404);
    expect(JSON.parse(elsewhere.bytes.toString()).code).toBe('REQUEST_NOT_FOUND');
    expect((await download(uuidv7(), MEDIATOR)).status).toBe(404);
    expect((await download(requestId, as({ role: 'operator', subject: 'op-1' }))).status).toBe(403);

    const audit = await query(
      `SELECT actor_role, details->>'copy' AS copy FROM audit_log
        WHERE action = 'ApplicationDocumentDownloaded' AND entity_id = $1 ORDER BY id`,
      [requestId],
    );
    expect(audit).toEqual([
      { actor_role: 'mediator', copy: 'parties' },
      { actor_role: 'clerk', copy: 'parties' },
      { actor_role: 'ops', copy: 'masked' },
    ]);
  });
});
