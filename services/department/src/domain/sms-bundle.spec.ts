import { composeMessage, type NotificationTrigger } from './notification';
import { composeText } from './sms-bundle';

const trigger = (caseNo: string, kind: NotificationTrigger['kind'] = 'summons'): NotificationTrigger => ({
  kind,
  key: `${kind}:${caseNo}`,
  summonsId: caseNo,
  caseId: caseNo,
  caseNo,
  departmentId: 'd',
  place: '上秦镇综治中心',
  arrivalDeadline: new Date('2026-12-04T06:30:00Z'),
  occurredAt: new Date('2026-12-04T06:00:00Z'),
});

describe('one text to one phone', () => {
  it('given one summons, its own text and template with the reply code', () => {
    const text = composeText([{ message: composeMessage(trigger('A-1')), replyCode: 7 }]);
    expect(text.template).toBe('summons');
    expect(text.params).toMatchObject({ caseNo: 'A-1', replyCode: 7 });
    expect(text.text).toBe(
      '【吹哨】案件A-1召集贵单位：请于2026-12-04 14:30前到达上秦镇综治中心报到。回复“1 7”确认收到，“2 7”报到。',
    );
  });

  it('given a warning, its text unchanged: there is nothing to answer by code', () => {
    const message = composeMessage(trigger('A-1', 'warning'));
    expect(composeText([{ message, replyCode: null }]).text).toBe(message.text);
  });

  it('given several, one numbered text with each summons’ code, and the bundle template', () => {
    const text = composeText([
      { message: composeMessage(trigger('A-1')), replyCode: 7 },
      { message: composeMessage(trigger('A-2')), replyCode: 8 },
      { message: composeMessage(trigger('A-0', 'warning')), replyCode: null },
    ]);
    expect(text.template).toBe('bundle');
    expect(text.params).toEqual({ count: 3, items: 'A-1(7)、A-2(8)、A-0' });
    expect(text.text.split('\n')).toEqual([
      '【吹哨】您有3条通知：',
      '1. 案件A-1召集贵单位：请于2026-12-04 14:30前到达上秦镇综治中心报到。回复“1 7”确认收到，“2 7”报到。',
      '2. 案件A-2召集贵单位：请于2026-12-04 14:30前到达上秦镇综治中心报到。回复“1 8”确认收到，“2 8”报到。',
      '3. 提醒：案件A-0到场时限2026-12-04 14:30将至，请尽快到达上秦镇综治中心报到。',
    ]);
  });

  it('refuses to compose nothing', () => {
    expect(() => composeText([])).toThrow();
  });
});
