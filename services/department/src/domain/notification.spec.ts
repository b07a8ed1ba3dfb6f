import { InvalidError } from '@chuishao/kernel';
import { centerSupervisors, departmentContacts } from './directory-contacts';
import {
  composeMessage,
  DEFAULT_RETRY_POLICY,
  localDeadline,
  nextAttemptAt,
  recipientsFor,
  retryDelayMs,
  validateRetryPolicy,
  type Contact,
  type NotificationTrigger,
} from './notification';

const trigger: NotificationTrigger = {
  kind: 'summons',
  key: 'summons:s-1',
  summonsId: 's-1',
  caseId: 'c-1',
  caseNo: 'ALZ-2018-000042',
  departmentId: 'ganzhou-traffic-police',
  place: '安里闸村综治中心',
  arrivalDeadline: new Date('2018-10-15T06:30:00.000Z'),
  occurredAt: new Date('2018-10-15T06:00:00.000Z'),
};

const people: Contact[] = departmentContacts({
  head: { id: 'head', name: 'Head', phone: '13900000100' },
  liaisons: [
    { id: 'l-on', name: 'On', phone: '13900000101', onDuty: true },
    { id: 'l-off', name: 'Off', phone: '13900000102', onDuty: false },
  ],
});
const supervisors = centerSupervisors([{ id: 'sup', name: 'Sup', phone: '13900000510' }]);
const directory = { departmentContacts: people, centerSupervisors: supervisors, hasWebhook: true };

const keys = (t: NotificationTrigger, d = directory) =>
  recipientsFor(t, d).map((r) => `${r.channel} ${r.key}`);

describe('who gets what', () => {
  it('sends a summons, its warning and its stand-down to the webhook and the on-duty liaisons only', () => {
    for (const kind of ['summons', 'warning', 'stood_down'] as const)
      expect(keys({ ...trigger, kind })).toEqual([
        'webhook department:ganzhou-traffic-police',
        'sms department:ganzhou-traffic-police:contact:l-on',
      ]);
  });

  it('sends a level-1 escalation to the head', () => {
    expect(keys({ ...trigger, kind: 'escalation', level: 1 })).toEqual([
      'webhook department:ganzhou-traffic-police',
      'sms department:ganzhou-traffic-police:contact:head',
    ]);
  });

  it('goes by the escalation target, not its level (escalation policies as data)', () => {
    expect(keys({ ...trigger, kind: 'escalation', level: 3 })).toEqual([
      'webhook department:ganzhou-traffic-police',
      'sms department:ganzhou-traffic-police:contact:head',
    ]);
    expect(keys({ ...trigger, kind: 'escalation', level: 1, targetCenterId: 'shangqin-town' })).toEqual([
      'webhook department:ganzhou-traffic-police',
      'sms center:shangqin-town:contact:sup',
    ]);
  });

  it('sends an escalation to the on-duty liaisons again when its target says so', () => {
    expect(keys({ ...trigger, kind: 'escalation', level: 2, targetLiaisons: true })).toEqual([
      'webhook department:ganzhou-traffic-police',
      'sms department:ganzhou-traffic-police:contact:l-on',
    ]);
  });

  it("sends a level-2 escalation to the upper center's supervisors, not to the department's people", () => {
    expect(keys({ ...trigger, kind: 'escalation', level: 2, targetCenterId: 'shangqin-town' })).toEqual([
      'webhook department:ganzhou-traffic-police',
      'sms center:shangqin-town:contact:sup',
    ]);
  });

  it('leaves the webhook out when the department has none, and carries the phone only as the SMS address', () => {
    const recipients = recipientsFor(trigger, { ...directory, hasWebhook: false });
    expect(recipients).toEqual([
      {
        channel: 'sms',
        key: 'department:ganzhou-traffic-police:contact:l-on',
        name: 'On',
        address: '13900000101',
      },
    ]);
  });

  it('answers nobody when nobody is on duty (the planner warns)', () => {
    const offDuty = people.map((c) => ({ ...c, onDuty: false }));
    expect(keys(trigger, { departmentContacts: offDuty, centerSupervisors: [], hasWebhook: false })).toEqual(
      [],
    );
  });
});

describe('what they are told', () => {
  it('names the case number, the place and the deadline in Beijing time, and nothing else', () => {
    const message = composeMessage(trigger);
    expect(message).toEqual({
      template: 'summons',
      params: { caseNo: 'ALZ-2018-000042', place: '安里闸村综治中心', deadline: '2018-10-15 14:30' },
      text: '【吹哨】案件ALZ-2018-000042召集贵单位：请于2018-10-15 14:30前到达安里闸村综治中心报到。',
      arrivalDeadline: '2018-10-15T06:30:00.000Z',
    });
  });

  it('tells a stood-down department it need not come, with the case number and place only', () => {
    const message = composeMessage({ ...trigger, kind: 'stood_down', key: 'stood_down:s-1' });
    expect(message.template).toBe('stood_down');
    expect(message.text).toBe(
      '【吹哨】案件ALZ-2018-000042：指挥中心已撤回对贵单位的召集，无需前往安里闸村综治中心。',
    );
  });

  it('says which escalation level it is', () => {
    const message = composeMessage({ ...trigger, kind: 'escalation', level: 2 });
    expect(message.template).toBe('escalation');
    expect(message.params.level).toBe(2);
    expect(message.text).toContain('2级');
    expect(composeMessage({ ...trigger, kind: 'warning' }).template).toBe('warning');
  });

  it('reads a deadline across midnight in UTC+8', () => {
    expect(localDeadline(new Date('2018-10-15T17:05:00.000Z'))).toBe('2018-10-16 01:05');
  });
});

describe('retries', () => {
  const policy = { baseDelayMs: 1000, maxDelayMs: 8000, maxAttempts: 6, giveUpAfterMs: 60_000 };
  const created = new Date('2018-10-15T06:00:00.000Z');
  const at = (ms: number) => new Date(created.getTime() + ms);

  it('doubles the delay after each failure up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, policy))).toEqual([
      1000, 2000, 4000, 8000, 8000, 8000,
    ]);
    expect(retryDelayMs(500, policy)).toBe(8000);
  });

  it('schedules from the moment of the failed attempt', () => {
    expect(nextAttemptAt(1, created, at(300), policy)).toEqual(at(1300));
    expect(nextAttemptAt(3, created, at(10_000), policy)).toEqual(at(14_000));
  });

  it('gives up after the last attempt', () => {
    expect(nextAttemptAt(5, created, at(20_000), policy)).toEqual(at(28_000));
    expect(nextAttemptAt(6, created, at(30_000), policy)).toBeNull();
  });

  it('gives up when the next attempt would fall past the window', () => {
    expect(nextAttemptAt(2, created, at(59_000), policy)).toBeNull();
    expect(nextAttemptAt(2, created, at(59_000), { ...policy, giveUpAfterMs: 61_000 })).toEqual(at(61_000));
  });

  it('keeps trying for about 24 hours by default, and no longer', () => {
    let now = new Date(created);
    let failed = 0;
    for (;;) {
      failed += 1;
      const next = nextAttemptAt(failed, created, now, DEFAULT_RETRY_POLICY);
      if (!next) break;
      now = next;
    }
    const hours = (now.getTime() - created.getTime()) / 3_600_000;
    expect(hours).toBeGreaterThan(20);
    expect(hours).toBeLessThanOrEqual(24);
    expect(retryDelayMs(1, DEFAULT_RETRY_POLICY)).toBe(30_000);
  });

  it('refuses a policy that cannot work', () => {
    expect(() => validateRetryPolicy({ ...policy, maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(() => validateRetryPolicy({ ...policy, maxDelayMs: 10 })).toThrow(/maxDelayMs/);
    expect(validateRetryPolicy(policy)).toBe(policy);
  });
});

describe('directory contacts', () => {
  it('makes the head and the liaisons contacts, the head always reachable', () => {
    expect(people.map((c) => [c.id, c.role, c.onDuty])).toEqual([
      ['head', 'head', true],
      ['l-on', 'liaison', true],
      ['l-off', 'liaison', false],
    ]);
    expect(departmentContacts({ head: null, liaisons: [] })).toEqual([]);
  });

  it('refuses two people with one id, naming the field', () => {
    const error = (() => {
      try {
        departmentContacts({
          head: { id: 'x', name: 'A', phone: '1' },
          liaisons: [{ id: 'x', name: 'B', phone: '2', onDuty: true }],
        });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidError);
    expect(error).toMatchObject({ code: 'CONTACT_ID_REPEATED', field: 'liaisons' });
    expect(() =>
      centerSupervisors([
        { id: 's', name: 'A', phone: '1' },
        { id: 's', name: 'B', phone: '2' },
      ]),
    ).toThrow(InvalidError);
  });
});
