import { execFileSync } from 'node:child_process';
import { as, http, startService, waitFor, type RunningService } from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { AppModule, MEDIATION_DESCRIPTION } from '../src/app.module';
import { AS_MEDIATOR, AS_SUPERVISOR, Script, agreementBody, sessionBody } from './support';

/** The PDF read back as text by poppler-utils' pdftotext. */
const pdftotext = (pdf: Buffer) =>
  execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString();
/** Without the layout's spacing, so a line's words compare as one string. */
const squeezed = (text: string) => text.replace(/[ \u3000]+/g, '');

/**
 * GET /mediations/:id/agreement.pdf on real PostgreSQL and Kafka: the 人民调解协议书 with the
 * parties' names for the mediator and the supervisor, masked for the operator, 404 outside the
 * reader's reach and without an agreement, every download in the audit log.
 */
describe('the agreement as a PDF (real PostgreSQL and Kafka)', () => {
  let mediation: RunningService;
  const script = new Script(() => mediation);
  const query = (sql: string, params: unknown[] = []) => mediation.app.get(DataSource).query(sql, params);
  const download = async (id: string, headers: Record<string, string>) => {
    const response = await fetch(`${mediation.baseUrl}/mediations/${id}/agreement.pdf`, { headers });
    return {
      status: response.status,
      headers: response.headers,
      bytes: Buffer.from(await response.arrayBuffer()),
    };
  };

  beforeAll(async () => {
    mediation = await startService('mediation', (config) => AppModule.forRoot(config), MEDIATION_DESCRIPTION);
  });

  afterAll(async () => {
    await script.stop();
    await mediation?.close();
  });

  async function opened(): Promise<{ caseId: string; id: string }> {
    const caseId = await script.registerCase();
    await waitFor(
      'mediation to learn the case',
      async () => (await query('SELECT 1 FROM known_cases WHERE case_id = $1', [caseId])).length === 1,
    );
    const open = await http(mediation.baseUrl, 'POST', `/cases/${caseId}/mediations`, {}, AS_MEDIATOR);
    expect(open.status).toBe(201);
    const id = open.body.id as string;
    const session = await http(
      mediation.baseUrl,
      'POST',
      `/mediations/${id}/sessions`,
      sessionBody('理'),
      AS_MEDIATOR,
    );
    expect(session.status).toBe(201);
    return { caseId, id };
  }

  it("gives the mediator the parties' copy in Chinese, with the CJK font embedded, and audits it", async () => {
    const { caseId, id } = await opened();
    expect((await download(id, AS_MEDIATOR)).status).toBe(404);
    const signed = await http(
      mediation.baseUrl,
      'POST',
      `/mediations/${id}/agreement`,
      agreementBody(),
      AS_MEDIATOR,
    );
    expect(signed.status).toBe(201);

    const pdf = await download(id, AS_MEDIATOR);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toMatch(
      /^attachment; filename="agreement-ALZ-.*-parties\.pdf"$/,
    );
    const text = squeezed(pdftotext(pdf.bytes));
    for (const expected of [
      '人民调解协议书',
      `编号：ALZ-${caseId.slice(-6)}`,
      '当事人1：王某',
      '当事人2：李某',
      '一、纠纷的主要事实、争议事项',
      '争议事项1（赔偿）：Compensationforthedeathandfuneralcosts',
      '金额：人民币520,000.00元',
      '人民调解员（签名）：mediator-zhang',
      '人民调解委员会（盖章）',
    ])
      expect(text).toContain(expected);
    expect(execFileSync('pdffonts', ['-'], { input: pdf.bytes }).toString()).toMatch(/Identity-H\s+yes yes/);

    const supervisor = await download(id, AS_SUPERVISOR);
    expect(squeezed(pdftotext(supervisor.bytes))).toContain('当事人1：王某');

    const audit = await query(
      `SELECT actor_role, actor_id, details FROM audit_log WHERE action = 'AgreementDocumentDownloaded' AND case_id = $1 ORDER BY id`,
      [caseId],
    );
    expect(audit).toEqual([
      { actor_role: 'mediator', actor_id: 'mediator-zhang', details: { mediationId: id, copy: 'parties' } },
      { actor_role: 'supervisor', actor_id: 'supervisor-1', details: { mediationId: id, copy: 'parties' } },
    ]);
  });

  it("masks the parties' names for the operator, and answers 404 outside the reader's reach", async () => {
    const { caseId, id } = await opened();
    expect(
      (await http(mediation.baseUrl, 'POST', `/mediations/${id}/agreement`, agreementBody(), AS_MEDIATOR))
        .status,
    ).toBe(201);
    const operator = await download(
      id,
      as({ role: 'operator', subject: 'operator-1', centerId: 'anlizha-village' }),
    );
    expect(operator.status).toBe(200);
    expect(operator.headers.get('content-disposition')).toMatch(/-masked\.pdf"$/);
    const text = squeezed(pdftotext(operator.bytes));
    expect(text).toContain('当事人1：王*');
    expect(text).toContain('人民调解协议书');
    expect(text).not.toMatch(/王某|李某/);

    const elsewhere = await download(
      id,
      as({ role: 'operator', subject: 'operator-2', centerId: 'other-village' }),
    );
    expect(elsewhere.status).toBe(404);
    expect(JSON.parse(elsewhere.bytes.toString()).code).toBe('MEDIATION_NOT_FOUND');
    const another = await download(id, as({ role: 'mediator', subject: 'mediator-li' }));
    expect(another.status).toBe(404);
    expect((await download(id, as({ role: 'clerk', subject: 'clerk-1' }))).status).toBe(403);
    const bad = await download('not-a-uuid', AS_MEDIATOR);
    expect(bad.status).toBe(400);
    const audited = await query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'AgreementDocumentDownloaded' AND case_id = $1`,
      [caseId],
    );
    expect(audited[0].n).toBe(1);
  });
});
