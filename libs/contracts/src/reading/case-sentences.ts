/**
 * The sentence each event of a case reads as, in the workstation's two languages (SPEC "The
 * workstation": zh-CN and en). `{name}` is a fact of the event named or translated by the reader
 * (case-summary.ts). The timers' own bookkeeping (Deadline*) has no sentence: its consequences (a
 * warning, a breach, a level raised) do. Pure and import-free: the browser bundle takes this file.
 */
export const CASE_READING_LANGUAGES = ['zh-CN', 'en'] as const;
export type CaseReadingLanguage = (typeof CASE_READING_LANGUAGES)[number];

export const CASE_EVENT_SENTENCES: Readonly<Record<CaseReadingLanguage, Readonly<Record<string, string>>>> = {
  'zh-CN': {
    CaseRegistered: '{center}受理登记，案件编号 {caseNo}（{disputeType}，{urgency}）',
    WhistleBlown: '吹哨召集：{departments}，{deadline} 前到场',
    DepartmentReassigned: '{from} 改派为 {to}',
    SummonsAdded: '增派{to}，{deadline} 前到场，理由：{reason}',
    SummonsStoodDown: '{department}撤回召集，理由：{reason}',
    WhistleCompleted: '召集部门全部到场',
    SummonsAcknowledged: '{department}响应召集',
    DepartmentArrived: '{department}到场报到',
    SummonsDeclined: '{department}拒绝召集：{reason}',
    ArrivalWarningIssued: '{department}尚未到场，即将超时',
    ArrivalDeadlineBreached: '{department}超过报到时限未到场',
    EscalationRaised: '{department}超时，启动第 {level} 级督办',
    EscalationAcknowledged: '第 {level} 级督办已确认',
    BreachRetracted: '{department}按时到场，撤销超时记录',
    LateArrivalRecorded: '{department}迟到 {late}',
    MediationOpened: '开始调解',
    MediationSessionRecorded: '记录一次调解（{level}）',
    MediationLevelRaised: '调解升级至{tier}',
    MediationFailed: '调解不成，引导{referral}',
    AgreementReached: '当事人签署调解协议',
    AgreementPerformanceRecorded: '记录协议履行情况：{outcome}',
    AgreementPerformanceDeadlinePassed: '协议履行期限届满，待调解员核实履行情况',
    ConfirmationRequested: '申请司法确认',
    ConfirmationSubmitted: '申请已提交法院',
    ConfirmationAccepted: '法院受理司法确认申请',
    ConfirmationGranted: '法院裁定调解协议有效',
    ConfirmationRejected: '法院驳回司法确认申请',
    ConfirmationDeadlineMissed: '法院未在期限内答复',
    ConfirmationWindowClosingNotified: '司法确认申请期限即将届满',
    CasesLinked: '关联为重复来访，前案 {linkedCaseNo}',
    CaseReferred: '{direction}：{fromCenter} → {toCenter}，理由：{reason}',
    CaseClosed: '结案：{reason}',
    FollowUpScheduled: '待回访，{due} 前完成',
    FollowUpRecorded: '回访（{channel}）：{answer}。{comment}',
    CaseReopened: '当事人不满意，案件重新办理：{comment}',
    EvidenceAttached: '附上证据（{mediaType}，{size}）',
  },
  en: {
    CaseRegistered: '{center} registered case {caseNo} ({disputeType}, {urgency})',
    WhistleBlown: 'Whistle blown: {departments} to be on site by {deadline}',
    DepartmentReassigned: '{from} replaced by {to}',
    SummonsAdded: '{to} added, to be on site by {deadline} ({reason})',
    SummonsStoodDown: '{department} stood down ({reason})',
    WhistleCompleted: 'Every summoned department is on site',
    SummonsAcknowledged: '{department} acknowledged the summons',
    DepartmentArrived: '{department} reported on site',
    SummonsDeclined: '{department} declined: {reason}',
    ArrivalWarningIssued: '{department} is not on site yet; the deadline is near',
    ArrivalDeadlineBreached: '{department} missed its arrival deadline',
    EscalationRaised: '{department} is late: escalation level {level}',
    EscalationAcknowledged: 'Escalation level {level} acknowledged',
    BreachRetracted: '{department} arrived in time; the breach is withdrawn',
    LateArrivalRecorded: '{department} arrived {late} late',
    MediationOpened: 'Mediation opened',
    MediationSessionRecorded: 'A mediation session ({level})',
    MediationLevelRaised: 'Mediation raised to the {tier}',
    MediationFailed: 'Mediation failed; referred to {referral}',
    AgreementReached: 'The parties signed a mediation agreement',
    AgreementPerformanceRecorded: 'The agreement’s performance: {outcome}',
    AgreementPerformanceDeadlinePassed:
      'The agreement’s performance deadline came: the mediator is to check it',
    ConfirmationRequested: 'Judicial confirmation applied for',
    ConfirmationSubmitted: 'Application sent to the court',
    ConfirmationAccepted: 'The court accepted the application',
    ConfirmationGranted: 'The court confirmed the agreement',
    ConfirmationRejected: 'The court rejected the application',
    ConfirmationDeadlineMissed: 'The court did not answer in time',
    ConfirmationWindowClosingNotified: 'The window to apply for confirmation closes soon',
    CasesLinked: 'Linked as a repeat petition of case {linkedCaseNo}',
    CaseReferred: '{direction}: {fromCenter} → {toCenter} ({reason})',
    CaseClosed: 'Case closed: {reason}',
    FollowUpScheduled: 'Follow-up with the parties due by {due}',
    FollowUpRecorded: 'Follow-up ({channel}): {answer}. {comment}',
    CaseReopened: 'Reopened after an unsatisfied follow-up: {comment}',
    EvidenceAttached: 'Evidence attached ({mediaType}, {size})',
  },
};

/** A lateness in whole minutes, and how a list of departments is joined, per language. */
export const MINUTES: Readonly<Record<CaseReadingLanguage, string>> = { 'zh-CN': '{n} 分钟', en: '{n} min' };
export const LIST_SEPARATOR: Readonly<Record<CaseReadingLanguage, string>> = { 'zh-CN': '、', en: ', ' };
