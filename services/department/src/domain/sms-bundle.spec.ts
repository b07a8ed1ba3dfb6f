import { composeMessage, type NotificationTrigger } from './notification';
import { claimsAdded, composeText } from './sms-bundle';

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

describe('the claims notifications make due', () => {
  const sms = (id: string, address: string) => ({ id, channel: 'sms', address });
  const webhook = (id: string) => ({ id, channel: 'webhook', address: null });

  it('one per phone up to the bundle, one per other notification', () => {
    const counted = new Map<string, number>();
    expect(
      claimsAdded(counted, [sms('1', 'A'), sms('2', 'A'), sms('3', 'B'), webhook('4'), webhook('5')], 5),
    ).toBe(4);
  });

  it('a phone past the bundle needs another text', () => {
    expect(
      claimsAdded(
        new Map(),
        ['1', '2', '3', '4', '5', '6'].map((id) => sms(id, 'A')),
        5,
      ),
    ).toBe(2);
  });

  it('counts only what earlier notifications of the same transaction did not', () => {
    const counted = new Map<string, number>();
    expect(claimsAdded(counted, [sms('1', 'A'), sms('2', 'A'), sms('3', 'A')], 2)).toBe(2);
    expect(claimsAdded(counted, [sms('4', 'A')], 2)).toBe(0);
    expect(claimsAdded(counted, [sms('5', 'A'), sms('6', 'B')], 2)).toBe(2);
  });
});
