import { activeSummons, newSummons, type Whistle } from './whistle';
import { decide, evolve, type WhistleCommand, type WhistleEvent } from './whistle.decider';

/** More hands mid-incident (issue 20 item 3): adding a department, standing one down. */
const blownAt = new Date('2018-10-15T08:00:00Z');
const at = (hhmm: string) => new Date(`2018-10-15T${hhmm}:00Z`);

function blown(departments: string[]): Whistle {
  const deadline = at('08:30');
  const whistle: Whistle = {
    id: 'w1',
    caseId: 'c1',
    caseNo: 'ALZ-2018-000001',
    centerId: 'anlizha-village',
    status: 'open',
    reason: null,
    slaSeconds: 1800,
    blownAt,
    arrivalDeadline: deadline,
    completedAt: null,
    summons: departments.map((d, i) => newSummons(`s${i + 1}`, { id: d, name: d, kind: d }, deadline)),
  };
  return evolve(null, { type: 'WhistleBlown', whistle, disputeType: 'neighbour', urgency: 'normal' });
}

/** Given a whistle and these commands decided in turn, when `command`, then its events and state. */
function given(departments: string[], ...history: WhistleCommand[]) {
  const whistle = history.reduce(
    (w, c) => decide(c, w).reduce<Whistle>((state, e) => evolve(state, e), w),
    blown(departments),
  );
  return {
    whistle,
    when(command: WhistleCommand): { events: WhistleEvent[]; after: Whistle } {
      const events = decide(command, whistle);
      return { events, after: events.reduce<Whistle>((state, e) => evolve(state, e), whistle) };
    },
  };
}

const add = (department: string, now: Date, slaSeconds = 1800, id = 'added'): WhistleCommand => ({
  type: 'AddDepartment',
  to: { id: department, name: department, kind: department },
  reason: 'the crowd grew',
  at: now,
  slaSeconds,
  newSummonsId: id,
});
const standDown = (summonsId: string, now: Date): WhistleCommand => ({
  type: 'StandDown',
  summonsId,
  reason: 'no longer needed',
  at: now,
});
const answer = (
  summonsId: string,
  kind: 'acknowledged' | 'arrived' | 'declined',
  now: Date,
): WhistleCommand => ({
  type: 'RecordAnswer',
  summonsId,
  answer: kind,
  at: now,
  reason: kind === 'declined' ? 'no staff' : null,
});
const code = (c: string) => expect.objectContaining({ code: c });

describe('Whistle decider: more hands mid-incident (given / when / then, injected time)', () => {
  it('given an open whistle, when a department is added at 08:20, then it gets a summons of its own due 08:50, not the whistle’s 08:30', () => {
    const { events, after } = given(['traffic']).when(add('police', at('08:20')));
    expect(events).toEqual([
      {
        type: 'SummonsAdded',
        summons: expect.objectContaining({ id: 'added', departmentId: 'police', status: 'notified' }),
        reason: 'the crowd grew',
        at: at('08:20'),
      },
    ]);
    expect(after.summons.map((s) => [s.departmentId, s.arrivalDeadline.toISOString()])).toEqual([
      ['traffic', '2018-10-15T08:30:00.000Z'],
      ['police', '2018-10-15T08:50:00.000Z'],
    ]);
    expect(after.arrivalDeadline).toEqual(at('08:30'));
  });

  it('the added department’s own SLA may be shorter than the whistle’s', () => {
    const { after } = given(['traffic']).when(add('police', at('08:20'), 600));
    expect(after.summons[1].arrivalDeadline).toEqual(at('08:30'));
  });

  it('given an added department, the whistle completes only once it too is on site', () => {
    const history = given(['traffic'], add('police', at('08:10')), answer('s1', 'arrived', at('08:15')));
    expect(history.when({ type: 'Complete', at: at('08:15') }).events).toEqual([]);
    const both = given(
      ['traffic'],
      add('police', at('08:10')),
      answer('s1', 'arrived', at('08:15')),
      answer('added', 'arrived', at('08:25')),
    );
    expect(both.when({ type: 'Complete', at: at('08:25') }).events).toEqual([
      { type: 'WhistleCompleted', at: at('08:25') },
    ]);
  });

  it('refuses to add a department already expected, or to a completed whistle', () => {
    expect(() => given(['traffic']).when(add('traffic', at('08:10')))).toThrow(
      code('DEPARTMENT_ALREADY_SUMMONED'),
    );
    const completed = given(['traffic'], answer('s1', 'arrived', at('08:10')), {
      type: 'Complete',
      at: at('08:10'),
    });
    expect(completed.whistle.status).toBe('completed');
    expect(() => completed.when(add('police', at('08:20')))).toThrow(code('WHISTLE_NOT_OPEN'));
  });

  it('a department stood down may be added again, with a new summons', () => {
    const { after } = given(['traffic', 'town'], standDown('s2', at('08:05'))).when(add('town', at('08:10')));
    expect(after.summons.map((s) => [s.id, s.status])).toEqual([
      ['s1', 'notified'],
      ['s2', 'stood_down'],
      ['added', 'notified'],
    ]);
  });

  it('given a notified or acknowledged summons, when stood down, then it is no longer expected and keeps the reason', () => {
    for (const history of [[], [answer('s2', 'acknowledged', at('08:03'))]]) {
      const { events, after } = given(['traffic', 'town'], ...history).when(standDown('s2', at('08:05')));
      expect(events).toEqual([
        {
          type: 'SummonsStoodDown',
          summonsId: 's2',
          departmentId: 'town',
          reason: 'no longer needed',
          at: at('08:05'),
        },
      ]);
      expect(after.summons[1]).toMatchObject({
        status: 'stood_down',
        stoodDownAt: at('08:05'),
        standDownReason: 'no longer needed',
      });
      expect(activeSummons(after).map((s) => s.departmentId)).toEqual(['traffic']);
    }
  });

  it('given every other department on site, when the last one expected is stood down, then the whistle completes with it', () => {
    const { events, after } = given(['traffic', 'town'], answer('s1', 'arrived', at('08:10'))).when(
      standDown('s2', at('08:12')),
    );
    expect(events.map((e) => e.type)).toEqual(['SummonsStoodDown', 'WhistleCompleted']);
    expect(after).toMatchObject({ status: 'completed', completedAt: at('08:12') });
  });

  it('refuses to stand down an arrived, declined or stood-down summons, the last one expected, or on a completed whistle', () => {
    const arrived = given(['traffic', 'town'], answer('s2', 'arrived', at('08:10')));
    expect(() => arrived.when(standDown('s2', at('08:12')))).toThrow(code('SUMMONS_ALREADY_ARRIVED'));
    const declined = given(['traffic', 'town'], answer('s2', 'declined', at('08:10')));
    expect(() => declined.when(standDown('s2', at('08:12')))).toThrow(code('SUMMONS_DECLINED'));
    const twice = given(['traffic', 'town', 'police'], standDown('s2', at('08:10')));
    expect(() => twice.when(standDown('s2', at('08:12')))).toThrow(code('SUMMONS_ALREADY_STOOD_DOWN'));
    expect(() => given(['traffic']).when(standDown('s1', at('08:12')))).toThrow(code('LAST_SUMMONS'));
    expect(() => given(['traffic']).when(standDown('nope', at('08:12')))).toThrow(code('SUMMONS_NOT_FOUND'));
    const completed = given(
      ['traffic', 'town'],
      answer('s1', 'arrived', at('08:10')),
      standDown('s2', at('08:11')),
    );
    expect(() => completed.when(standDown('s1', at('08:12')))).toThrow(code('WHISTLE_NOT_OPEN'));
  });

  it('given a stood-down summons, when its department’s answer is read late, then nothing changes', () => {
    const { whistle, when } = given(['traffic', 'town'], standDown('s2', at('08:05')));
    for (const kind of ['acknowledged', 'arrived', 'declined'] as const)
      expect(when(answer('s2', kind, at('08:06'))).events).toEqual([]);
    expect(whistle.summons[1].status).toBe('stood_down');
  });
});
