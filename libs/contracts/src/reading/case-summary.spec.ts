import { CASE_EVENT_DEFINITIONS } from '../registry';
import { CASE_EVENT_SENTENCES } from './case-sentences';
import { caseEventFacts } from './case-facts';
import {
  SUMMARY_MAX_LENGTH,
  caseEventSentence,
  summariseCaseEvent,
  type CaseEventNames,
} from './case-summary';

const names: CaseEventNames = {
  department: (id) => ({ traffic: '交警大队', judicial: '司法所' })[id] ?? id,
  center: (id) => (id === 'anlizha-village' ? '安里闸村综治中心' : id),
  term: (group, value) => (group === 'approach' && value === 'law' ? '法' : `${group}:${value}`),
  dateTime: () => '10-08 14:30',
};

describe('the sentence of a case event, in zh-CN and en', () => {
  it('has a sentence for every type of the contracts but the timers’ bookkeeping, in both languages', () => {
    const types = [...new Set(CASE_EVENT_DEFINITIONS.map((d) => d.type))];
    const withSentence = types.filter((type) => caseEventSentence(type, {}, 'en') !== null).sort();
    expect(withSentence).toEqual(types.filter((type) => !type.startsWith('Deadline')).sort());
    expect(Object.keys(CASE_EVENT_SENTENCES['zh-CN']).sort()).toEqual(
      Object.keys(CASE_EVENT_SENTENCES.en).sort(),
    );
  });

  it("names each fact by the reader's names, in the reader's language", () => {
    const whistle = { departmentIds: ['traffic', 'judicial'], arrivalDeadline: '2026-10-08T06:30:00.000Z' };
    expect(caseEventSentence('WhistleBlown', whistle, 'zh-CN', names)).toBe(
      '吹哨召集：交警大队、司法所，10-08 14:30 前到场',
    );
    expect(caseEventSentence('WhistleBlown', whistle, 'en', names)).toBe(
      'Whistle blown: 交警大队, 司法所 to be on site by 10-08 14:30',
    );
    expect(
      caseEventSentence(
        'LateArrivalRecorded',
        { departmentId: 'traffic', latenessSeconds: 300 },
        'zh-CN',
        names,
      ),
    ).toBe('交警大队迟到 5 分钟');
    expect(caseEventSentence('MediationSessionRecorded', { approachLevel: 'law' }, 'zh-CN', names)).toBe(
      '记录一次调解（法）',
    );
    expect(caseEventSentence('EscalationRaised', { departmentId: 'traffic', level: 2 }, 'en', names)).toBe(
      '交警大队 is late: escalation level 2',
    );
    expect(caseEventSentence('DeadlineScheduled', { reason: 'x' }, 'zh-CN', names)).toBeNull();
    expect(caseEventSentence('toString', {}, 'en', names)).toBeNull();
  });

  it('reads a stored summary with the facts as the event states them', () => {
    const payload = {
      caseNo: 'ALZ-2018-000001',
      centerId: 'anlizha-village',
      disputeType: 'road_traffic',
      urgency: 'urgent',
      blownAt: '2018-10-08T02:00:00.000Z',
      arrivalDeadline: '2018-10-08T02:30:00.000Z',
      summons: [{ summonsId: 's-1', departmentId: 'traffic', departmentName: 'Traffic police' }],
    };
    expect(summariseCaseEvent({ type: 'WhistleBlown', payload })).toBe(
      'Whistle blown: traffic to be on site by 2018-10-08T02:30:00.000Z',
    );
    expect(summariseCaseEvent({ type: 'WhistleBlown', payload }, 'zh-CN')).toBe(
      '吹哨召集：traffic，2018-10-08T02:30:00.000Z 前到场',
    );
    expect(
      summariseCaseEvent({
        type: 'CaseRegistered',
        payload: { ...payload, center: { id: 'anlizha-village', name: '安里闸村' }, summary: '王某 says' },
      }),
    ).toBe('anlizha-village registered case ALZ-2018-000001 (road_traffic, urgent)');
  });

  it('reads a department added mid-whistle and one stood down, with the reason, in both languages', () => {
    const added = caseEventFacts({
      summons: { summonsId: 's-9', departmentId: 'judicial', departmentName: 'x', departmentKind: 'y' },
      reason: '人群聚集',
      arrivalDeadline: '2026-10-08T06:30:00.000Z',
    });
    expect(caseEventSentence('SummonsAdded', added, 'zh-CN', names)).toBe(
      '增派司法所，10-08 14:30 前到场，理由：人群聚集',
    );
    expect(caseEventSentence('SummonsAdded', added, 'en', names)).toBe(
      '司法所 added, to be on site by 10-08 14:30 (人群聚集)',
    );
    const stood = caseEventFacts({ summonsId: 's-1', departmentId: 'traffic', reason: 'no longer needed' });
    expect(caseEventSentence('SummonsStoodDown', stood, 'zh-CN', names)).toBe(
      '交警大队撤回召集，理由：no longer needed',
    );
    expect(caseEventSentence('SummonsStoodDown', stood, 'en', names)).toBe(
      '交警大队 stood down (no longer needed)',
    );
  });

  it('reads a repeat petition link by the earlier case’s number, in both languages', () => {
    const linked = {
      type: 'CasesLinked',
      payload: {
        caseNo: 'ALZ-2018-000002',
        centerId: 'anlizha-village',
        linkedCaseId: '0193a0c0-0000-7000-8000-000000000000',
        linkedCaseNo: 'ALZ-2018-000001',
        linkedCenterId: 'anlizha-village',
        matchedBy: ['same_party'],
        reason: null,
        linkedAt: '2018-10-09T02:00:00.000Z',
      },
    };
    expect(summariseCaseEvent(linked)).toBe('Linked as a repeat petition of case ALZ-2018-000001');
    expect(summariseCaseEvent(linked, 'zh-CN')).toBe('关联为重复来访，前案 ALZ-2018-000001');
  });

  it('reads a referral by its direction and the two centers, named by the reader', () => {
    const facts = caseEventFacts({
      caseNo: 'ALZ-2018-000003',
      direction: 'up',
      from: { id: 'anlizha-village', name: '安里闸村', tier: 'village', path: ['d', 't', 'anlizha-village'] },
      to: { id: 'shangqin-town', name: '上秦镇', tier: 'town', path: ['d', 'shangqin-town'] },
      reason: '涉及多村土地',
      referredAt: '2018-10-09T02:00:00.000Z',
    });
    expect(caseEventSentence('CaseReferred', facts, 'zh-CN', names)).toBe(
      'referralDirection:up：安里闸村综治中心 → shangqin-town，理由：涉及多村土地',
    );
    expect(caseEventSentence('CaseReferred', facts, 'en')).toBe(
      'up: anlizha-village → shangqin-town (涉及多村土地)',
    );
  });

  it('reads a follow-up by its channel and answer, and a reopening by the party’s comment', () => {
    const facts = caseEventFacts({
      caseNo: 'ALZ-2018-000003',
      channel: 'phone',
      answer: 'unsatisfied',
      resolved: false,
      comment: '对方没有按时赔偿',
      closedAt: '2018-10-09T02:00:00.000Z',
      recordedAt: '2018-10-10T02:00:00.000Z',
    });
    expect(caseEventSentence('FollowUpRecorded', facts, 'en')).toBe(
      'Follow-up (phone): unsatisfied. 对方没有按时赔偿',
    );
    expect(caseEventSentence('FollowUpRecorded', facts, 'zh-CN', names)).toBe(
      '回访（followUp.channel:phone）：followUp.answer:unsatisfied。对方没有按时赔偿',
    );
    const reopened = caseEventFacts({
      caseNo: 'X',
      comment: '不满意',
      reopenedAt: '2018-10-10T02:00:00.000Z',
    });
    expect(caseEventSentence('CaseReopened', reopened, 'zh-CN', names)).toBe(
      '当事人不满意，案件重新办理：不满意',
    );
  });

  it('reads an attached piece of evidence by its type and size, never its name', () => {
    const facts = caseEventFacts({
      evidenceId: '0b7c1e2a-0000-4000-8000-000000000001',
      caseNo: 'ALZ-2018-000004',
      attachedTo: 'case',
      mediationId: null,
      mediaType: 'image/png',
      byteSize: 204_800,
      sha256: 'a'.repeat(64),
      attachedAt: '2018-10-10T02:00:00.000Z',
    });
    expect(caseEventSentence('EvidenceAttached', facts, 'en')).toBe('Evidence attached (image/png, 200 KB)');
    expect(caseEventSentence('EvidenceAttached', facts, 'zh-CN', names)).toBe(
      '附上证据（image/png，200 KB）',
    );
  });

  it('reads a type with no sentence from its scalar payload fields, leaving out ids and personal data', () => {
    const summary = summariseCaseEvent({
      type: 'ConfirmationWindowReopened',
      payload: {
        requestId: '0193a0c0-0000-7000-8000-000000000000',
        courtId: 'ganzhou-court',
        phone: '13909361234',
        partyName: '王某',
        reason: 'court asked for documents',
        nested: { a: 1 },
      },
    });
    expect(summary).toBe('reason: court asked for documents');
    const deadline = summariseCaseEvent({
      type: 'DeadlineScheduled',
      payload: {
        deadlineId: 'd-1',
        owner: 'mediation',
        kind: 'mediation.level',
        subjectId: 'm-1',
        context: {},
      },
    });
    expect(deadline).toBe('owner: mediation; kind: mediation.level');
  });

  it('never fails on an odd payload and keeps summaries short, on one line', () => {
    expect(summariseCaseEvent({ type: 'CaseClosed', payload: null })).toBe('Case closed:');
    expect(summariseCaseEvent({ type: 'CaseClosed', payload: { reason: 'withdrawn' } })).toBe(
      'Case closed: withdrawn',
    );
    const declined = summariseCaseEvent({
      type: 'SummonsDeclined',
      payload: { departmentId: 'traffic', reason: `busy\n${'x'.repeat(5000)}` },
    });
    expect(declined.length).toBeLessThanOrEqual(SUMMARY_MAX_LENGTH);
    expect(declined).toMatch(/^traffic declined: busy x+…$/);
    const long = summariseCaseEvent({ type: 'SomethingNew', payload: { a: 'y'.repeat(1000) } });
    expect(long).toHaveLength(SUMMARY_MAX_LENGTH);
    expect(long.endsWith('…')).toBe(true);
  });

  it('never carries a party, a note or the case summary into a stored summary', () => {
    const facts = caseEventFacts({ note: '王某 13909361234', summary: '王某', departmentId: 'traffic' });
    expect(caseEventSentence('DepartmentArrived', facts, 'en')).toBe('traffic reported on site');
  });
});
