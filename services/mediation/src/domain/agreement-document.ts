import {
  MATTER_CATEGORY_ZH,
  chineseDate,
  nameMasking,
  yuan,
  type DocumentBlock,
  type DocumentLayout,
} from '@chuishao/documents';
import type { Agreement } from './mediation';

/**
 * Who gets which copy of the agreement (人民调解协议书): the mediator and the supervisor, who hand it
 * to the parties to sign and keep, get the parties' particulars as mediation knows them (their full
 * names); everyone else who may read the mediation (the dispatch operator, ops) a copy with each
 * name masked to the surname wherever it stands (particulars, facts, terms, signatures). Mediation never holds ID numbers or phones (README "What it owns").
 */
export type AgreementCopy = 'parties' | 'masked';

export const ROLES_GIVEN_THE_PARTIES_COPY: readonly string[] = ['mediator', 'supervisor'];

export function agreementCopyFor(role: string): AgreementCopy {
  return ROLES_GIVEN_THE_PARTIES_COPY.includes(role) ? 'parties' : 'masked';
}

export interface AgreementDocumentInput {
  agreement: Agreement;
  caseNo: string;
  /** The case's parties as CaseRegistered named them. */
  parties: readonly string[];
}

/** The agreement in the customary layout of a 人民调解协议书 (People's Mediation Law art. 29). */
export function agreementDocument(input: AgreementDocumentInput, copy: AgreementCopy): DocumentLayout {
  const { agreement: a } = input;
  const name = copy === 'parties' ? (n: string) => n : nameMasking(input.parties);
  const blocks: DocumentBlock[] = [
    {
      kind: 'fields',
      rows: input.parties.map((party, i) => [`当事人${i + 1}`, name(party)] as const),
    },
    { kind: 'heading', text: '一、纠纷的主要事实、争议事项' },
    { kind: 'paragraph', text: name(a.facts) },
    ...a.mattersInDispute.map((m, i): DocumentBlock => ({
      kind: 'paragraph',
      text: `争议事项${i + 1}（${MATTER_CATEGORY_ZH[m.category] ?? m.category}）：${name(m.description)}`,
    })),
    { kind: 'heading', text: '二、各方当事人的责任' },
    ...a.responsibilities.map((r): DocumentBlock => ({
      kind: 'paragraph',
      text: `${name(r.party)}：${name(r.responsibility)}`,
    })),
    { kind: 'heading', text: '三、经调解，当事人自愿达成如下协议' },
    { kind: 'paragraph', text: name(a.terms) },
    ...performanceBlocks(a, name),
    {
      kind: 'paragraph',
      text: '本协议自各方当事人签名、人民调解员签名并加盖人民调解委员会印章之日起生效。本协议一式多份，当事人、人民调解委员会各执一份。',
    },
    { kind: 'signatures', rows: signatureRows(a, name) },
  ];
  return {
    title: '人民调解协议书',
    reference: `编号：${input.caseNo}`,
    subject: `agreement ${a.id} of case ${input.caseNo} (${copy} copy)`,
    blocks,
  };
}

function performanceBlocks(a: Agreement, name: (text: string) => string): DocumentBlock[] {
  const rows: Array<readonly [string, string]> = [];
  if (a.amount !== null) rows.push(['金额', yuan(a.amount)]);
  rows.push(['履行方式', name(a.performance.manner)]);
  rows.push(['履行期限', a.performance.deadline ? `${chineseDate(a.performance.deadline)}前` : '无']);
  return [
    { kind: 'heading', text: '四、履行方式、时限' },
    { kind: 'fields', rows },
  ];
}

function signatureRows(a: Agreement, name: (n: string) => string): Array<readonly [string, string]> {
  return [
    ...a.partySignatures.map(
      (s) => [`当事人（签名）`, `${name(s.party)}　${chineseDate(s.signedAt)}`] as const,
    ),
    ['人民调解员（签名）', `${a.mediatorSignature.mediator}　${chineseDate(a.mediatorSignature.signedAt)}`],
    ['人民调解委员会（盖章）', ''],
    ['生效日期', chineseDate(a.effectiveAt)],
  ];
}
