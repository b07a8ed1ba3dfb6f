import { SUMMONS_ANSWER_APPLIES_FROM } from '@chuishao/contracts';
import { activeSummons, newSummons, type Whistle } from './whistle';
import {
  decide,
  evolve,
  summonsTransition,
  usual,
  type WhistleCommand,
  type WhistleEvent,
} from './whistle.decider';

const blownAt = new Date('2018-10-15T08:00:00Z');
const at = (hhmm: string) => new Date(`2018-10-15T${hhmm}:00Z`);

/** A whistle blown on these departments, summons s1, s2…, due at 08:30. */
function blown(departments: string[]): WhistleEvent {
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
  return { type: 'WhistleBlown', whistle, disputeType: 'neighbour', urgency: 'normal' };
}

/** Given a whistle blown on these departments and then these events, when a command, then events. */
function given(departments: string[], ...history: Array<(w: Whistle) => WhistleEvent>) {
  let whistle = evolve(null, blown(departments));
  for (const event of history) whistle = evolve(whistle, event(whistle));
  return {
    whistle,
    when(command: WhistleCommand) {
      const events = decide(command, whistle);
      return { events, after: events.reduce<Whistle>(evolve, whistle) };
    },
  };
}

const idOf = (whistle: Whistle, departmentId: string) =>
  whistle.summons.find((s) => s.departmentId === departmentId)!.id;
const answer = (
  departmentId: string,
  kind: 'acknowledged' | 'arrived' | 'declined',
  time = blownAt,
  reason: string | null = null,
) => ({ departmentId, kind, time, reason });
type Answer = ReturnType<typeof answer>;
const answerCommand = (whistle: Whistle, a: Answer): WhistleCommand => ({
  type: 'RecordAnswer',
  summonsId: idOf(whistle, a.departmentId),
  answer: a.kind,
  at: a.time,
  reason: a.reason,
});
/** An answer as an event of the history (decided, so a refused one leaves nothing). */
const answered =
  (a: Answer) =>
  (whistle: Whistle): WhistleEvent =>
    decide(answerCommand(whistle, a), whistle)[0] ?? { type: 'WhistleCompleted', at: new Date(0) };
const declined = (departmentId: string, reason = 'no staff on duty') =>
  answered(answer(departmentId, 'declined', blownAt, reason));
const reassign = (from: string, to: string, now = blownAt, newSummonsId = 'new'): WhistleCommand => ({
  type: 'Reassign',
  fromDepartmentId: from,
  to: { id: to, name: to, kind: to },
  reason: 'declined',
  at: now,
  newSummonsId,
});
const reassigned = (from: string, to: string) => (whistle: Whistle) => decide(reassign(from, to), whistle)[0];

describe('Whistle decider (given / when / then, no database)', () => {
  it('completes exactly once, when the last department arrives', () => {
    const first = given(
      ['traffic', 'judicial'],
      answered(answer('traffic', 'acknowledged', at('08:05'))),
      answered(answer('traffic', 'arrived', at('08:20'))),
    );
    expect(first.when({ type: 'Complete', at: at('08:20') }).events).toEqual([]);
    const last = given(
      ['traffic', 'judicial'],
      answered(answer('traffic', 'arrived', at('08:20'))),
      answered(answer('judicial', 'arrived', at('08:29'))),
    );
    const { events, after } = last.when({ type: 'Complete', at: at('08:29') });
    expect(events).toEqual([{ type: 'WhistleCompleted', at: at('08:29') }]);
    expect(after).toMatchObject({ status: 'completed', completedAt: at('08:29') });
    expect(decide({ type: 'Complete', at: at('08:31') }, after)).toEqual([]);
    expect(decide(answerCommand(after, answer('judicial', 'arrived', at('08:31'))), after)).toEqual([]);
    expect(after.summons[1].arrivedAt).toEqual(at('08:29'));
  });

  it('an arrival stands in for an acknowledgement not received, and keeps an earlier one', () => {
    const { after } = given(['traffic']).when(
      answerCommand(given(['traffic']).whistle, answer('traffic', 'arrived', at('08:20'))),
    );
    expect(after.summons[0]).toMatchObject({
      status: 'arrived',
      arrivedAt: at('08:20'),
      acknowledgedAt: at('08:20'),
    });
    const acked = given(['traffic'], answered(answer('traffic', 'acknowledged', at('08:05'))));
    expect(
      acked.when(answerCommand(acked.whistle, answer('traffic', 'arrived', at('08:20')))).after.summons[0],
    ).toMatchObject({ acknowledgedAt: at('08:05'), arrivedAt: at('08:20') });
  });

  it('does not complete while a declined department is not replaced', () => {
    const { when } = given(['traffic', 'town'], declined('town'), answered(answer('traffic', 'arrived')));
    expect(when({ type: 'Complete', at: blownAt }).events).toEqual([]);
  });

  it('replaces a declined department with a fresh summons and deadline, then completes', () => {
    const history = given(['traffic', 'town'], answered(answer('traffic', 'arrived')), declined('town'));
    const { events, after } = history.when(reassign('town', 'police', at('08:10')));
    expect(events).toEqual([
      {
        type: 'DepartmentReassigned',
        fromSummonsId: idOf(history.whistle, 'town'),
        fromDepartmentId: 'town',
        replacement: expect.objectContaining({ id: 'new', departmentId: 'police', status: 'notified' }),
        reason: 'declined',
        at: at('08:10'),
      },
    ]);
    expect(after.summons[1]).toMatchObject({ status: 'replaced', replacedBySummonsId: 'new' });
    expect(after.summons[2].arrivalDeadline.toISOString()).toBe('2018-10-15T08:40:00.000Z');
    expect(activeSummons(after).map((s) => s.departmentId)).toEqual(['traffic', 'police']);
    const arrived = evolve(
      after,
      decide(answerCommand(after, answer('police', 'arrived', at('08:10'))), after)[0],
    );
    expect(decide({ type: 'Complete', at: at('08:10') }, arrived)).toEqual([
      { type: 'WhistleCompleted', at: at('08:10') },
    ]);
  });

  it('refuses to replace a department that has not declined, or with one already summoned', () => {
    expect(() => given(['traffic', 'town']).when(reassign('town', 'x'))).toThrow(
      expect.objectContaining({ code: 'SUMMONS_NOT_DECLINED' }),
    );
    const townDeclined = given(['traffic', 'town'], declined('town'));
    expect(() => townDeclined.when(reassign('town', 'traffic'))).toThrow(
      expect.objectContaining({ code: 'DEPARTMENT_ALREADY_SUMMONED' }),
    );
    expect(() => townDeclined.when(reassign('nobody', 'y'))).toThrow(
      expect.objectContaining({ code: 'DEPARTMENT_NOT_SUMMONED' }),
    );
    const completed = given(['traffic'], answered(answer('traffic', 'arrived')), () => ({
      type: 'WhistleCompleted',
      at: blownAt,
    }));
    expect(() => completed.when(reassign('traffic', 'y'))).toThrow(
      expect.objectContaining({ code: 'WHISTLE_NOT_OPEN' }),
    );
  });

  it('given a declined summons, when an arrival for it is read, then it stays declined: a decline is final (SPEC)', () => {
    const { whistle, when } = given(
      ['traffic', 'town'],
      answered(answer('traffic', 'arrived')),
      declined('town'),
    );
    expect(when(answerCommand(whistle, answer('town', 'arrived', at('08:12')))).events).toEqual([]);
    expect(whistle.summons[1]).toMatchObject({ status: 'declined', arrivedAt: null });
    expect(whistle.status).toBe('open');
  });

  it('given a replaced summons, when any answer for it is read, then nothing changes', () => {
    const { whistle, when } = given(['traffic', 'town'], declined('town'), reassigned('town', 'police'));
    for (const kind of ['acknowledged', 'arrived', 'declined'] as const)
      expect(when(answerCommand(whistle, answer('town', kind, blownAt, 'again'))).events).toEqual([]);
    expect(whistle.summons[1]).toMatchObject({
      status: 'replaced',
      arrivedAt: null,
      declineReason: 'no staff on duty',
    });
  });

  it('ignores an acknowledgement after arrival and a decline after arrival', () => {
    const { whistle, when } = given(['traffic', 'town'], answered(answer('traffic', 'arrived')));
    expect(when(answerCommand(whistle, answer('traffic', 'acknowledged'))).events).toEqual([]);
    expect(
      when(answerCommand(whistle, answer('traffic', 'declined', blownAt, 'late message'))).events,
    ).toEqual([]);
    expect(whistle.summons[0].status).toBe('arrived');
  });

  it('an answer for a summons the whistle does not have is SUMMONS_NOT_FOUND', () => {
    const { whistle } = given(['traffic']);
    const command: WhistleCommand = {
      type: 'RecordAnswer',
      summonsId: 'nope',
      answer: 'arrived',
      at: blownAt,
      reason: null,
    };
    expect(() => decide(command, whistle)).toThrow(expect.objectContaining({ code: 'SUMMONS_NOT_FOUND' }));
  });

  it("reads the one rule of a summons' life from libs/contracts, for the store's conditional UPDATE as well", () => {
    for (const answerKind of ['acknowledged', 'arrived', 'declined'] as const) {
      const event = usual({
        type: 'RecordAnswer',
        summonsId: 's1',
        answer: answerKind,
        at: blownAt,
        reason: 'r',
      })!;
      expect(summonsTransition(event)?.transition.when).toEqual([
        { field: 'status', oneOf: SUMMONS_ANSWER_APPLIES_FROM[answerKind] },
      ]);
    }
  });

  it('usual: an answer is its own event whenever the summons allows it (the fast path writes exactly that)', () => {
    const { whistle } = given(['traffic']);
    const command = answerCommand(whistle, answer('traffic', 'acknowledged', at('08:01')));
    expect(decide(command, whistle)).toEqual([usual(command)]);
    expect(usual({ type: 'Complete', at: blownAt })).toBeNull();
  });
});
