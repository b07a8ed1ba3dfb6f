import {
  MATTER_CATEGORY_ZH,
  chineseDate,
  nameMasking,
  yuan,
  type DocumentBlock,
  type DocumentLayout,
} from '@chuishao/documents';
import type { Agreement } from './agreement';
import type { ConfirmationRequest } from './confirmation-request';

/**
 * Who gets which copy of the application (司法确认申请书): the mediator and the clerk, who file it on
 * the parties' behalf and give it to them to sign, the parties' names in full (all this service
 * knows of them: AgreementReached carries names, never ID numbers or phones); supervision and ops
 * a copy with each name masked to the surname wherever it stands.
 */
export type ApplicationCopy = 'parties' | 'masked';

export const ROLES_GIVEN_THE_PARTIES_COPY: readonly string[] = ['mediator', 'clerk'];

export function applicationCopyFor(role: string): ApplicationCopy {
  return ROLES_GIVEN_THE_PARTIES_COPY.includes(role) ? 'parties' : 'masked';
}

/**
 * The joint application for confirmation of a people's mediation agreement (People's Mediation
 * Law art. 33; Civil Procedure Law arts. 205-206) in its customary layout: the applicants, the
 * request, the facts and reasons with the agreement's content, the applicants' undertaking, the
 * court addressed, and a line for each applicant to sign.
 */
export function applicationDocument(
  agreement: Agreement,
  request: ConfirmationRequest,
  copy: ApplicationCopy,
): DocumentLayout {
  const name = copy === 'parties' ? (text: string) => text : nameMasking(agreement.parties);
  const agreedOn = chineseDate(agreement.effectiveAt);
  const matters = [...new Set(agreement.matters.map((m) => MATTER_CATEGORY_ZH[m.category] ?? m.category))];
  const blocks: DocumentBlock[] = [
    { kind: 'fields', rows: request.consentingParties.map((p, i) => [`申请人${i + 1}`, name(p)] as const) },
    { kind: 'heading', text: '请求事项' },
    {
      kind: 'paragraph',
      text: `请求人民法院依法确认申请人于${agreedOn}经人民调解委员会调解达成的人民调解协议有效。`,
    },
    { kind: 'heading', text: '事实和理由' },
    {
      kind: 'paragraph',
      text: `申请人之间因${matters.join('、')}纠纷，经人民调解委员会主持调解，于${agreedOn}自愿达成如下调解协议：${name(agreement.terms)}`,
    },
    ...agreement.matters.map((m, i): DocumentBlock => ({
      kind: 'paragraph',
      text: `争议事项${i + 1}：${name(m.description)}`,
    })),
    { kind: 'fields', rows: performanceRows(agreement) },
    {
      kind: 'paragraph',
      text: '申请人出于解决纠纷的目的自愿达成协议，没有恶意串通、规避法律的行为；如果因为该协议内容而给他人造成损害的，愿意承担相应的民事责任和其他法律责任。',
    },
    { kind: 'paragraph', text: '此致' },
    { kind: 'fields', rows: [['人民法院', request.courtId]] },
    {
      kind: 'signatures',
      rows: [
        ...request.consentingParties.map((p) => ['申请人（签名）', name(p)] as const),
        ['申请日期', chineseDate(request.requestedAt)],
      ],
    },
  ];
  return {
    title: '司法确认申请书',
    reference: request.courtCaseNumber ? `案号：${request.courtCaseNumber}` : undefined,
    subject: `application ${request.requestId} for agreement ${agreement.agreementId} (${copy} copy)`,
    blocks,
  };
}

function performanceRows(a: Agreement): Array<readonly [string, string]> {
  return [
    ...(a.amount !== null ? [['金额', yuan(a.amount)] as const] : []),
    ['履行期限', a.performanceDeadline ? `${chineseDate(a.performanceDeadline)}前` : '无'],
  ];
}
