import { applyTransition, transitionAllowed } from '@chuishao/kernel';
import { fromLegacy } from './escalation-policy';
import type { SummonsSla } from './sla';
import {
  decide,
  evolve,
  secondsBeforeDeadline,
  transitionOf,
  usual,
  type SummonsSlaCommand,
  type SummonsSlaEvent,
} from './summons-sla.decider';

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 8, 0, 0) + seconds * 1000);
const DEADLINE = at(40);

/** A fresh summons: running, deadline at 08:00:40, a ladder of 3 levels 10 s apart. */
const fresh: SummonsSla = {
  summonsId: 's-1',
  whistleId: 'w-1',
  caseId: 'c-1',
  centerId: 'village',
  departmentId: 'police',
  departmentName: 'Police',
  summonedAt: at(0),
  deadline: DEADLINE,
  policy: fromLegacy({ warningSeconds: 20, escalationSeconds: 10, levels: 3 }),
  state: 'running',
  acknowledgedAt: null,
  arrivedAt: null,
  warnedAt: null,
  breachId: null,
  escalationLevel: 0,
  correlationId: 'corr',
  causationId: 'cause',
};

/** Given these events happened, when this command comes, then these events (and this state). */
function given(...history: SummonsSlaEvent[]) {
  const state = history.reduce(evolve, fresh);
  return {
    state,
    when(command: SummonsSlaCommand) {
      const events = decide(command, state);
      return { events, after: events.reduce(evolve, state) };
    },
  };
}

const breached: SummonsSlaEvent = { type: 'DeadlineBreached', breachId: 'b-1', at: at(40) };
const level1 = (): SummonsSlaEvent => ({
  type: 'EscalationRaised',
  escalationId: 'e-1',
  breachId: 'b-1',
  level: 1,
  fromLevel: 0,
  target: { kind: 'department_head', id: 'police' },
  at: at(40),
  next: { level: 2, dueAt: at(50) },
});
const PATH = ['district', 'town', 'village'];
const arrive = (seconds: number): SummonsSlaCommand => ({
  type: 'Arrive',
  at: at(seconds),
  now: at(60),
  breachId: 'b-new',
});

describe('SummonsSla decider (given / when / then, no database)', () => {
  it('an arrival at the deadline, before any breach, is met and stands in for the acknowledgement', () => {
    const { events, after } = given().when(arrive(40));
    expect(events).toEqual([{ type: 'ArrivedOnTime', at: at(40) }]);
    expect(after).toMatchObject({ state: 'met', arrivedAt: at(40), acknowledgedAt: at(40) });
  });

  it('an earlier acknowledgement is kept by an arrival, and replaces a later one', () => {
    const acked = given({ type: 'AcknowledgementRecorded', at: at(5) }).when(arrive(30)).after;
    expect(acked.acknowledgedAt).toEqual(at(5));
    const later = given({ type: 'ArrivedOnTime', at: at(30) }).when({ type: 'Acknowledge', at: at(10) });
    expect(later.events).toEqual([{ type: 'AcknowledgementRecorded', at: at(10) }]);
    expect(later.after.acknowledgedAt).toEqual(at(10));
    expect(
      given({ type: 'AcknowledgementRecorded', at: at(5) }).when({ type: 'Acknowledge', at: at(9) }).events,
    ).toEqual([]);
  });

  it('a late arrival before the deadline timer ran records the breach, then the lateness', () => {
    const { events, after } = given().when(arrive(41.5));
    expect(events).toEqual([
      { type: 'DeadlineBreached', breachId: 'b-new', at: at(60) },
      { type: 'ArrivedLate', breachId: 'b-new', arrivedAt: at(41.5), latenessSeconds: 2, closedAt: at(60) },
    ]);
    expect(after).toMatchObject({
      state: 'late',
      breachId: 'b-new',
      arrivedAt: at(41.5),
      escalationLevel: 0,
    });
  });

  it('after the breach: an on-time stored arrival retracts it, a late one closes it late', () => {
    expect(given(breached, level1()).when(arrive(39)).events).toEqual([
      { type: 'BreachRetracted', breachId: 'b-1', arrivedAt: at(39), retractedAt: at(60) },
    ]);
    expect(given(breached, level1()).when(arrive(39)).after.state).toBe('met');
    const late = given(breached, level1()).when(arrive(45));
    expect(late.events).toEqual([
      { type: 'ArrivedLate', breachId: 'b-1', arrivedAt: at(45), latenessSeconds: 5, closedAt: at(60) },
    ]);
    expect(late.after.state).toBe('late');
  });

  it('a repeated arrival, or one after a withdrawal, changes nothing', () => {
    expect(given({ type: 'ArrivedOnTime', at: at(30) }).when(arrive(31)).events).toEqual([]);
    expect(given({ type: 'Withdrawn', breachId: null, at: at(10) }).when(arrive(31)).events).toEqual([]);
  });

  it('a withdrawal closes the breach of a breached summons; nothing once decided', () => {
    expect(given().when({ type: 'Withdraw', now: at(10) }).events).toEqual([
      { type: 'Withdrawn', breachId: null, at: at(10) },
    ]);
    expect(given(breached).when({ type: 'Withdraw', now: at(45) }).events).toEqual([
      { type: 'Withdrawn', breachId: 'b-1', at: at(45) },
    ]);
    expect(
      given({ type: 'ArrivedOnTime', at: at(30) }).when({ type: 'Withdraw', now: at(45) }).events,
    ).toEqual([]);
  });

  it('the warning comes once, while running, with the seconds left', () => {
    const warned = given().when({ type: 'IssueWarning', at: at(20) });
    expect(warned.events).toEqual([{ type: 'WarningIssued', at: at(20) }]);
    expect(secondsBeforeDeadline(warned.after, at(20))).toBe(20);
    expect(given(...warned.events).when({ type: 'IssueWarning', at: at(21) }).events).toEqual([]);
    expect(given(breached).when({ type: 'IssueWarning', at: at(41) }).events).toEqual([]);
  });

  it('the deadline breaches a running summons and raises level 1 to the head of the department', () => {
    const { events, after } = given().when({
      type: 'Breach',
      at: at(40),
      breachId: 'b-1',
      escalationId: 'e-1',
      centerPath: PATH,
    });
    expect(events).toEqual([{ ...breached, next: null }, level1()]);
    expect(after).toMatchObject({ state: 'breached', breachId: 'b-1', escalationLevel: 1 });
    expect(
      given({ type: 'ArrivedOnTime', at: at(30) }).when({
        type: 'Breach',
        at: at(40),
        breachId: 'b-1',
        escalationId: 'e-1',
        centerPath: PATH,
      }).events,
    ).toEqual([]);
  });

  it('each next level goes one tier up, only in turn, only for its breach, never past the policy', () => {
    const escalate = (level: number, breachId = 'b-1'): SummonsSlaCommand => ({
      type: 'Escalate',
      at: at(50),
      level,
      breachId,
      escalationId: `e-${level}`,
      centerPath: PATH,
    });
    const level2 = given(breached, level1()).when(escalate(2));
    expect(level2.events).toEqual([
      {
        type: 'EscalationRaised',
        escalationId: 'e-2',
        breachId: 'b-1',
        level: 2,
        fromLevel: 1,
        target: { kind: 'center', id: 'town' },
        at: at(50),
        next: { level: 3, dueAt: at(60) },
      },
    ]);
    expect(given(breached, level1(), ...level2.events).when(escalate(3)).events[0]).toMatchObject({
      target: { kind: 'center', id: 'district' },
      next: null,
    });
    expect(given(breached, level1()).when(escalate(3)).events).toEqual([]); // out of turn
    expect(given(breached, level1()).when(escalate(2, 'b-other')).events).toEqual([]); // stale timer
  });

  it('given a case at the district, a level with nobody above is skipped: the next is raised after level 1', () => {
    const policy = {
      version: 2 as const,
      warningSeconds: 20,
      levels: [
        { delaySeconds: 0, target: 'department_head' as const },
        { delaySeconds: 30, target: 'center_up' as const },
        { delaySeconds: 10, target: 'center_supervisors' as const },
      ],
      repeat: 0,
    };
    const atDistrict = { ...fresh, centerId: 'district', policy };
    const whenBreached = decide(
      { type: 'Breach', at: at(40), breachId: 'b-1', escalationId: 'e-1', centerPath: ['district'] },
      atDistrict,
    );
    // Level 2 resolves to nobody: level 3 is next, 10 s after level 1 (not 30 + 10).
    expect(whenBreached[1]).toMatchObject({ level: 1, next: { level: 3, dueAt: at(50) } });
    const after = whenBreached.reduce(evolve, atDistrict);
    const escalate = (level: number): SummonsSlaCommand => ({
      type: 'Escalate',
      at: at(50),
      level,
      breachId: 'b-1',
      escalationId: `e-${level}`,
      centerPath: ['district'],
    });
    expect(decide(escalate(2), after)).toEqual([]);
    expect(decide(escalate(3), after)).toMatchObject([
      { level: 3, fromLevel: 1, target: { kind: 'center', id: 'district' }, next: null },
    ]);
  });

  it('given a first level due after a delay, the breach raises nothing yet and names it next', () => {
    const policy = { ...fresh.policy, levels: [{ delaySeconds: 5, target: 'department_head' as const }] };
    expect(
      decide(
        { type: 'Breach', at: at(40), breachId: 'b-1', escalationId: 'e-1', centerPath: PATH },
        { ...fresh, policy },
      ),
    ).toEqual([{ ...breached, next: { level: 1, dueAt: at(45) } }]);
  });

  it('the usual event of a command is what decide answers wherever its transition is allowed', () => {
    const states = [
      fresh,
      given(breached).state,
      given({ type: 'AcknowledgementRecorded', at: at(5) }).state,
      given({ type: 'ArrivedOnTime', at: at(30) }).state,
    ];
    const commands: SummonsSlaCommand[] = [
      arrive(30),
      arrive(45),
      { type: 'Acknowledge', at: at(3) },
      { type: 'Acknowledge', at: at(8) },
      { type: 'Withdraw', now: at(10) },
      { type: 'IssueWarning', at: at(20) },
    ];
    for (const state of states)
      for (const command of commands) {
        const event = usual(command)!;
        if (transitionAllowed(state, transitionOf(event))) {
          expect(decide(command, state)).toEqual([event]);
          expect(applyTransition(state, transitionOf(event))).toEqual(evolve(state, event));
        } else expect(decide(command, state)).not.toEqual([event]);
      }
  });
});
