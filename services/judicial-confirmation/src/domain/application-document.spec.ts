import type { DocumentLayout } from '@chuishao/documents';
import type { Agreement } from './agreement';
import { applicationCopyFor, applicationDocument } from './application-document';
import type { ConfirmationRequest } from './confirmation-request';
import { AGREEMENT_ID, AT, COURT, EFFECTIVE_AT, PARTIES, REQUEST_ID } from './confirmation-request.given';

const agreement: Agreement = {
  agreementId: AGREEMENT_ID,
  caseId: 'c',
  mediationId: 'm',
  parties: PARTIES,
  mediatorId: 'med-1',
  matters: [
    { category: 'compensation', description: '王某的医疗费' },
    { category: 'debt', description: '借款' },
  ],
  terms: '李某向王某支付8000元',
  amount: 8000,
  performanceDeadline: new Date('2026-11-30T16:00:00Z'),
  effectiveAt: EFFECTIVE_AT,
  windowClosesAt: new Date('2026-12-01T16:00:00Z'),
  windowState: 'applied',
  correlationId: 'corr',
};
const request = {
  requestId: REQUEST_ID,
  agreementId: AGREEMENT_ID,
  caseId: 'c',
  courtId: COURT,
  consentingParties: PARTIES,
  requestedAt: AT,
  courtCaseNumber: null,
} as unknown as ConfirmationRequest;

const lines = (layout: DocumentLayout) =>
  layout.blocks.flatMap((b) =>
    b.kind === 'fields' || b.kind === 'signatures' ? b.rows.map(([l, v]) => `${l}：${v}`) : [b.text],
  );

describe('the application document (司法确认申请书)', () => {
  it("gives the parties' copy to those who file it, a masked one to supervision and ops", () => {
    expect(applicationCopyFor('mediator')).toBe('parties');
    expect(applicationCopyFor('clerk')).toBe('parties');
    expect(applicationCopyFor('supervisor')).toBe('masked');
    expect(applicationCopyFor('ops')).toBe('masked');
  });

  it('names the applicants, the request, the facts with the agreement, the court and a line to sign each', () => {
    const layout = applicationDocument(agreement, request, 'parties');
    expect(layout.title).toBe('司法确认申请书');
    expect(layout.reference).toBeUndefined();
    const text = lines(layout);
    expect(text.slice(0, 2)).toEqual(['申请人1：王某', '申请人2：李某']);
    expect(text).toEqual(
      expect.arrayContaining([
        '请求事项',
        '请求人民法院依法确认申请人于2026年11月1日经人民调解委员会调解达成的人民调解协议有效。',
        '申请人之间因赔偿、债务纠纷，经人民调解委员会主持调解，于2026年11月1日自愿达成如下调解协议：李某向王某支付8000元',
        '金额：人民币 8,000.00 元',
        '履行期限：2026年12月1日前',
        '此致',
        `人民法院：${COURT}`,
        '申请人（签名）：王某',
        '申请人（签名）：李某',
        '申请日期：2026年11月3日',
      ]),
    );
  });

  it("masks the parties' names everywhere in the masked copy, and shows the court's case number once accepted", () => {
    const layout = applicationDocument(
      agreement,
      { ...request, courtCaseNumber: '(2026)京0101民特1号' },
      'masked',
    );
    expect(layout.reference).toBe('案号：(2026)京0101民特1号');
    const text = lines(layout).join('\n');
    expect(text).not.toMatch(/王某|李某/);
    expect(text).toContain('申请人1：王*');
    expect(text).toContain('争议事项1：王*的医疗费');
  });
});
