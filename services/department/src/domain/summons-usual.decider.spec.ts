import { DomainError, transitionAllowed } from '@chuishao/kernel';
import type { Caller } from './department-access';
import { SUMMONS_STATUSES, notifySummons, type Summons, type SummonsStatus } from './summons';
import {
  decide,
  evolve,
  summonsTransition,
  usual,
  type SummonsAnswer,
  type SummonsEvent,
} from './summons.decider';

/**
 * The fast path's contract (SummonsCommands): an answer's usual event, known before the summons
 * is read, is written by the transition table's conditional UPDATE exactly where `decide` would
 * answer it. Given events (no command decided), when an answer, then the same events either way.
 */
const ID = 's1';
const TRAFFIC = 'ganzhou-traffic-police';
const at = new Date('2018-10-15T08:25:00.000Z');
const notified: SummonsEvent = {
  type: 'SummonsNotified',
  summons: notifySummons({
    id: ID,
    whistleId: 'w1',
    caseId: 'c1',
    caseNo: 'GZ-2018-000001',
    departmentId: TRAFFIC,
    centerId: 'anlizha-village',
    arrivalDeadline: new Date('2018-10-15T08:30:00.000Z'),
    notifiedAt: new Date('2018-10-15T08:00:00.000Z'),
  }),
};
const before = new Date('2018-10-15T08:10:00.000Z');
const history: Record<SummonsStatus, SummonsEvent[]> = {
  notified: [],
  acknowledged: [{ type: 'SummonsAcknowledged', summonsId: ID, departmentId: TRAFFIC, at: before }],
  arrived: [
    { type: 'ArrivalReported', summonsId: ID, departmentId: TRAFFIC, at: before, note: null, location: null },
  ],
  declined: [{ type: 'SummonsDeclined', summonsId: ID, departmentId: TRAFFIC, at: before, reason: 'busy' }],
  stood_down: [{ type: 'SummonsStoodDown', summonsId: ID, at: before, reason: 'no longer needed' }],
};
const given = (status: SummonsStatus): Summons =>
  [notified, ...history[status]].reduce<Summons | null>(evolve, null)!;

const answers: Record<string, (caller: Caller) => SummonsAnswer> = {
  acknowledge: (caller) => ({ type: 'Acknowledge', summonsId: ID, caller, at }),
  arrive: (caller) => ({ type: 'ReportArrival', summonsId: ID, caller, at, note: ' at the gate ' }),
  decline: (caller) => ({ type: 'Decline', summonsId: ID, caller, at, reason: ' busy ' }),
};

function allowed(command: SummonsAnswer, summons: Summons): boolean {
  try {
    decide(command, summons);
    return true;
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
}

describe("Summons decider: the usual event (what the fast path's conditional UPDATE writes)", () => {
  it.each(Object.keys(answers))(
    '%s: its transition holds exactly where decide allows it, and writes what decide would',
    (action) => {
      for (const status of SUMMONS_STATUSES)
        for (const departmentId of [TRAFFIC, 'ganzhou-fire-brigade']) {
          const command = answers[action]({ role: 'liaison', departmentId });
          const summons = given(status);
          const event = usual(command)!;
          expect(transitionAllowed(summons, summonsTransition(event))).toBe(allowed(command, summons));
          if (allowed(command, summons)) {
            expect(decide(command, summons)).toEqual([event]);
            expect(evolve(summons, event)).toEqual(decide(command, summons).reduce(evolve, summons));
          }
        }
    },
  );

  it('is none for invalid input or another role, so the checked path decides what to answer', () => {
    const liaison: Caller = { role: 'liaison', departmentId: TRAFFIC };
    const arrive = answers.arrive(liaison);
    expect(usual({ ...arrive, type: 'ReportArrival', note: 'x'.repeat(1001) })).toBeNull();
    expect(usual({ type: 'Decline', summonsId: ID, caller: liaison, at, reason: ' ' })).toBeNull();
    expect(
      usual({ type: 'Decline', summonsId: ID, caller: liaison, at, reason: 'x'.repeat(1001) }),
    ).toBeNull();
    expect(usual(answers.acknowledge({ role: 'operator', centerId: 'x' }))).toBeNull();
    expect(usual(answers.acknowledge({ role: 'liaison' }))).toBeNull();
    expect(usual({ type: 'Notify', summons: notified.summons })).toBeNull();
    expect(usual({ type: 'StandDown', summonsId: ID, at, reason: 'no longer needed' })).toBeNull();
  });

  it("an answer moves only its own department's summons", () => {
    const event: SummonsEvent = { type: 'SummonsAcknowledged', summonsId: ID, departmentId: 'other', at };
    expect(transitionAllowed(given('notified'), summonsTransition(event))).toBe(false);
  });
});
