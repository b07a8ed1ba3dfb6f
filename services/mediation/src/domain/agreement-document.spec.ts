import type { DocumentLayout } from '@chuishao/documents';
import { agreementCopyFor, agreementDocument } from './agreement-document';
import type { Agreement } from './mediation';
import { content } from './mediation.given';

const agreement: Agreement = {
  ...content({ amount: 520000 }),
  id: 'a-1',
  mediationId: 'm-1',
  caseId: 'c-1',
  effectiveAt: new Date('2018-10-20T03:00:00Z'),
  recordedAt: new Date('2018-10-20T03:01:00Z'),
};
const input = { agreement, caseNo: 'CS-2018-0001', parties: ['王某', '李某'] };

/** Every text of the layout, in order, as one string per line. */
const lines = (layout: DocumentLayout) =>
  layout.blocks.flatMap((b) =>
    b.kind === 'fields' || b.kind === 'signatures' ? b.rows.map(([l, v]) => `${l}：${v}`) : [b.text],
  );

describe('the agreement document (人民调解协议书)', () => {
  it('gives the parties’ copy to the mediator and the supervisor, a masked one to the rest', () => {
    expect(agreementCopyFor('mediator')).toBe('parties');
    expect(agreementCopyFor('supervisor')).toBe('parties');
    expect(agreementCopyFor('operator')).toBe('masked');
    expect(agreementCopyFor('ops')).toBe('masked');
  });

  it('lays out the art. 29 content under the customary headings, numbered by the case', () => {
    const layout = agreementDocument(input, 'parties');
    expect(layout.title).toBe('人民调解协议书');
    expect(layout.reference).toBe('编号：CS-2018-0001');
    const text = lines(layout);
    expect(text.slice(0, 2)).toEqual(['当事人1：王某', '当事人2：李某']);
    expect(text).toEqual(
      expect.arrayContaining([
        '一、纠纷的主要事实、争议事项',
        '争议事项1（赔偿）：Compensation for the death',
        '李某：Primary responsibility',
        '三、经调解，当事人自愿达成如下协议',
        '金额：人民币 520,000.00 元',
        '履行方式：bank transfer',
        '履行期限：2018年10月30日前',
        '人民调解员（签名）：mediator-zhang　2018年10月15日',
        '人民调解委员会（盖章）：',
        '生效日期：2018年10月20日',
      ]),
    );
    expect(text.filter((l) => l.startsWith('当事人（签名）'))).toHaveLength(2);
  });

  it('masks every party name in the masked copy, and says when there is no amount or deadline', () => {
    const layout = agreementDocument(
      {
        ...input,
        agreement: { ...agreement, amount: null, performance: { manner: '当面', deadline: null } },
      },
      'masked',
    );
    const text = lines(layout).join('\n');
    expect(text).not.toMatch(/王某|李某/);
    expect(text).toContain('当事人1：王*');
    expect(text).toContain('履行期限：无');
    expect(text).not.toContain('金额');
  });
});
