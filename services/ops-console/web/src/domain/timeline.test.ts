import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import en from '../i18n/en';
import zhCN from '../i18n/zh-CN';
import { isForPeople, describe as sentence, type TimelineEntry, type Vocabulary } from './timeline';

function vocabulary(locale: 'zh-CN' | 'en'): Vocabulary {
  const i18n = createI18n({ legacy: false, locale, messages: { 'zh-CN': zhCN, en } });
  const { t, te } = i18n.global;
  const departments: Record<string, [string, string]> = {
    'ganzhou-traffic-police': ['甘州区交警大队', 'Ganzhou District Traffic Police Brigade'],
    'shangqin-town-government': ['上秦镇人民政府', 'Shangqin Town Government'],
    'shangqin-police-station': ['上秦派出所', 'Shangqin Police Station'],
  };
  const pick = (pair: [string, string] | undefined, id: string) =>
    pair ? pair[locale === 'en' ? 1 : 0] : id;
  return {
    language: () => locale,
    t: (key, values) => t(key, values ?? {}),
    te: (key) => te(key),
    department: (id) => pick(departments[id], id),
    center: (id) =>
      pick(id === 'anlizha-village' ? ['安里闸村综治中心', 'Anlizha Village Center'] : undefined, id),
    dateTime: () => '10-08 14:30',
  };
}

const entry = (type: string, facts: Record<string, unknown>): TimelineEntry => ({
  eventId: type,
  type,
  occurredAt: '2026-10-08T06:00:00.000Z',
  actor: { role: 'system', id: 'chuishao' },
  facts,
});

describe('the timeline written for people', () => {
  const zh = vocabulary('zh-CN');
  const english = vocabulary('en');

  it('names departments, centers and list values in the chosen language', () => {
    const registered = entry('CaseRegistered', {
      caseNo: 'ALZ-1',
      centerId: 'anlizha-village',
      disputeType: 'road_traffic',
      urgency: 'urgent',
    });
    expect(sentence(registered, zh)).toBe('安里闸村综治中心受理登记，案件编号 ALZ-1（道路交通事故，紧急）');
    expect(sentence(registered, english)).toBe(
      'Anlizha Village Center registered case ALZ-1 (Road traffic accident, Urgent)',
    );
    const whistle = entry('WhistleBlown', {
      departmentIds: ['ganzhou-traffic-police', 'shangqin-town-government'],
      arrivalDeadline: '2026-10-08T06:30:00.000Z',
    });
    expect(sentence(whistle, zh)).toBe('吹哨召集：甘州区交警大队、上秦镇人民政府，10-08 14:30 前到场');
  });

  it('tells a decline, a reassignment and a late arrival as sentences', () => {
    expect(
      sentence(
        entry('SummonsDeclined', { departmentId: 'shangqin-town-government', reason: '无人值班' }),
        zh,
      ),
    ).toBe('上秦镇人民政府拒绝召集：无人值班');
    expect(
      sentence(
        entry('DepartmentReassigned', {
          fromDepartmentId: 'shangqin-town-government',
          toDepartmentId: 'shangqin-police-station',
        }),
        english,
      ),
    ).toBe('Shangqin Town Government replaced by Shangqin Police Station');
    expect(
      sentence(
        entry('LateArrivalRecorded', { departmentId: 'ganzhou-traffic-police', latenessSeconds: 300 }),
        zh,
      ),
    ).toBe('甘州区交警大队迟到 5 分钟');
    expect(sentence(entry('MediationSessionRecorded', { approachLevel: 'law' }), zh)).toBe(
      '记录一次调解（法）',
    );
  });

  it('leaves the timers’ bookkeeping out, and keeps every step of the case', () => {
    expect(isForPeople(entry('DeadlineScheduled', {}))).toBe(false);
    expect(isForPeople(entry('DeadlineReached', {}))).toBe(false);
    expect(isForPeople(entry('ArrivalDeadlineBreached', {}))).toBe(true);
    expect(isForPeople(entry('SomethingNew', {}))).toBe(true);
  });

  it('never shows an internal event name or a raw value', () => {
    const unknown = sentence(entry('DeadlineScheduled', { startedAt: 'x', approachLevel: 'sentiment' }), zh);
    expect(unknown).toBe('其他办理记录');
    expect(sentence(entry('CaseRegistered', { disputeType: 'something_new' }), english)).not.toMatch(
      /something_new|undefined/,
    );
  });
});
