import { DomainError, NotFoundError } from '@chuishao/kernel';
import type { Caller } from './department-access';
import {
  SUMMONS_STATUSES,
  isSummonsStatus,
  type ArrivalLocation,
  type NewSummons,
  type Summons,
  type SummonsStatus,
} from './summons';
import { decide, evolve, type SummonsAnswer, type SummonsCommand } from './summons.decider';

const notifiedAt = new Date('2018-10-15T08:00:00.000Z');
const later = new Date('2018-10-15T08:12:00.000Z');
const latest = new Date('2018-10-15T08:25:00.000Z');
const ID = '0192a6d0-7c1e-7a3b-8c4d-1e2f3a4b5c6f';
const TRAFFIC = 'ganzhou-traffic-police';
const LIAISON: Caller = { role: 'liaison', departmentId: TRAFFIC };

const NEW: NewSummons = {
  id: ID,
  whistleId: '0192a6d0-7c1e-7a3b-8c4d-1e2f3a4b5c6e',
  caseId: '0192a6d0-7c1e-7a3b-8c4d-1e2f3a4b5c6d',
  caseNo: 'GZ-2018-000001',
  departmentId: TRAFFIC,
  centerId: 'anlizha-village',
  arrivalDeadline: new Date('2018-10-15T08:30:00.000Z'),
  notifiedAt,
};

const acknowledge = (at = later, caller = LIAISON): SummonsAnswer => ({
  type: 'Acknowledge',
  summonsId: ID,
  caller,
  at,
});
const arrive = (
  at = later,
  note?: string | null,
  caller = LIAISON,
  location?: ArrivalLocation,
): SummonsAnswer => ({ type: 'ReportArrival', summonsId: ID, caller, at, note, location });
const decline = (reason: string, at = later, caller = LIAISON): SummonsAnswer => ({
  type: 'Decline',
  summonsId: ID,
  caller,
  at,
  reason,
});

const standDown = (at = later): SummonsCommand => ({
  type: 'StandDown',
  summonsId: ID,
  at,
  reason: 'no longer needed',
});

/** Given the summons notified, then these answers (each decided), when a command, then events. */
function given(...history: SummonsCommand[]) {
  let summons: Summons | null = null;
  for (const command of [{ type: 'Notify', summons: NEW } as const, ...history])
    summons = decide(command, summons).reduce<Summons | null>(evolve, summons);
  const state = summons!;
  return {
    summons: state,
    when(command: SummonsCommand) {
      const events = decide(command, state);
      return { events, after: events.reduce<Summons>(evolve, state) };
    },
  };
}

const inStatus = (status: SummonsStatus) =>
  ({
    notified: given(),
    acknowledged: given(acknowledge()),
    arrived: given(arrive()),
    declined: given(decline('not our jurisdiction')),
    stood_down: given(standDown()),
  })[status];

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return 'allowed';
}

describe('Summons decider: a new summons', () => {
  it('is notified once: nothing acknowledged, arrived or declined', () => {
    const events = decide({ type: 'Notify', summons: NEW }, null);
    expect(events).toHaveLength(1);
    expect(evolve(null, events[0])).toMatchObject({
      status: 'notified',
      notifiedAt,
      acknowledgedAt: null,
      arrivedAt: null,
      arrivalNote: null,
      declinedAt: null,
      declineReason: null,
    });
  });

  it('published again is left as it is', () => {
    expect(given(acknowledge()).when({ type: 'Notify', summons: NEW }).events).toEqual([]);
  });

  it('knows its statuses', () => {
    for (const status of SUMMONS_STATUSES) expect(isSummonsStatus(status)).toBe(true);
    expect(isSummonsStatus('cancelled')).toBe(false);
    expect(isSummonsStatus(undefined)).toBe(false);
  });

  it('cannot be answered before it is notified (404)', () => {
    expect(codeOf(() => decide(acknowledge(), null))).toBe('SUMMONS_NOT_FOUND');
    expect(() =>
      evolve(null, { type: 'SummonsAcknowledged', summonsId: ID, departmentId: TRAFFIC, at: later }),
    ).toThrow(NotFoundError);
  });
});

describe('Summons decider: legal answers', () => {
  it('notified → acknowledged → arrived, stamping each step', () => {
    const acknowledged = given().when(acknowledge(later));
    expect(acknowledged.events).toEqual([
      { type: 'SummonsAcknowledged', summonsId: ID, departmentId: TRAFFIC, at: later },
    ]);
    expect(acknowledged.after).toMatchObject({ status: 'acknowledged', acknowledgedAt: later });
    const { after } = given(acknowledge(later)).when(arrive(latest, '  at the village gate  '));
    expect(after).toMatchObject({
      status: 'arrived',
      acknowledgedAt: later,
      arrivedAt: latest,
      arrivalNote: 'at the village gate',
    });
  });

  it('notified → arrived directly: a liaison may report arrival without acknowledging first', () => {
    expect(given().when(arrive(later)).after).toMatchObject({
      status: 'arrived',
      acknowledgedAt: null,
      arrivedAt: later,
      arrivalNote: null,
    });
  });

  it('keeps the position an arrival gave', () => {
    const location = { latitude: 25.85, longitude: 114.93, accuracyMeters: 12 };
    const { after } = given().when(arrive(later, null, LIAISON, location));
    expect(after.arrivalLocation).toEqual(location);
  });

  it('keeps no blank arrival note', () => {
    expect(given().when(arrive(later, '   ')).after.arrivalNote).toBeNull();
    expect(given().when(arrive(later, null)).after.arrivalNote).toBeNull();
  });

  it('notified → declined and acknowledged → declined, with the reason trimmed', () => {
    expect(given().when(decline(' officer on another scene ')).after).toMatchObject({
      status: 'declined',
      declinedAt: later,
      declineReason: 'officer on another scene',
    });
    expect(given(acknowledge(later)).when(decline('vehicle broke down', latest)).after).toMatchObject({
      status: 'declined',
      acknowledgedAt: later,
      declinedAt: latest,
    });
  });

  it('never changes the summons it was given', () => {
    const { summons, when } = given();
    when(acknowledge());
    when(arrive());
    when(decline('busy'));
    expect(summons.status).toBe('notified');
  });
});

describe('Summons decider: refused answers have stable codes', () => {
  const table: Array<[SummonsStatus, 'acknowledge' | 'arrive' | 'decline', string]> = [
    ['notified', 'acknowledge', 'allowed'],
    ['notified', 'arrive', 'allowed'],
    ['notified', 'decline', 'allowed'],
    ['acknowledged', 'acknowledge', 'SUMMONS_ALREADY_ACKNOWLEDGED'],
    ['acknowledged', 'arrive', 'allowed'],
    ['acknowledged', 'decline', 'allowed'],
    ['arrived', 'acknowledge', 'SUMMONS_ALREADY_ARRIVED'],
    ['arrived', 'arrive', 'SUMMONS_ALREADY_ARRIVED'],
    ['arrived', 'decline', 'SUMMONS_ALREADY_ARRIVED'],
    ['declined', 'acknowledge', 'SUMMONS_DECLINED'],
    ['declined', 'arrive', 'SUMMONS_DECLINED'],
    ['declined', 'decline', 'SUMMONS_DECLINED'],
    ['stood_down', 'acknowledge', 'SUMMONS_STOOD_DOWN'],
    ['stood_down', 'arrive', 'SUMMONS_STOOD_DOWN'],
    ['stood_down', 'decline', 'SUMMONS_STOOD_DOWN'],
  ];
  const commands = {
    acknowledge: () => acknowledge(latest),
    arrive: () => arrive(latest),
    decline: () => decline('reason given', latest),
  };

  it.each(table)('given %s, when %s → %s', (status, action, expected) => {
    expect(codeOf(() => inStatus(status).when(commands[action]()))).toBe(expected);
  });

  it('answers a refused answer as a conflict (HTTP 409): a declined summons is final', () => {
    expect(() => inStatus('declined').when(arrive(latest))).toThrow(
      expect.objectContaining({ kind: 'conflict' }),
    );
  });

  it("another department's summons answers as an unknown one (404); another role is refused (403)", () => {
    const other: Caller = { role: 'liaison', departmentId: 'ganzhou-fire-brigade' };
    expect(codeOf(() => given().when(acknowledge(later, other)))).toBe('SUMMONS_NOT_FOUND');
    expect(codeOf(() => given().when(acknowledge(later, { role: 'operator', centerId: 'x' })))).toBe(
      'ROLE_FORBIDDEN',
    );
    // Who asks comes before what is asked: a blank reason from another department is still a 404.
    expect(codeOf(() => given().when(decline(' ', later, other)))).toBe('SUMMONS_NOT_FOUND');
  });
});

describe('Summons decider: input', () => {
  it('refuses an empty or blank reason, naming the field', () => {
    for (const reason of ['', '   ', '\n\t']) {
      expect(() => given().when(decline(reason))).toThrow(
        expect.objectContaining({ code: 'DECLINE_REASON_REQUIRED', kind: 'invalid', field: 'reason' }),
      );
    }
  });

  it('refuses a reason over 1000 characters, and a note over 1000', () => {
    expect(codeOf(() => given().when(decline('x'.repeat(1001))))).toBe('DECLINE_REASON_TOO_LONG');
    expect(codeOf(() => given().when(decline('x'.repeat(1000))))).toBe('allowed');
    expect(codeOf(() => given().when(arrive(later, 'x'.repeat(1001))))).toBe('ARRIVAL_NOTE_TOO_LONG');
  });

  it('checks the reason before the state: a blank reason is a 400 even on a declined summons', () => {
    expect(codeOf(() => inStatus('declined').when(decline(' ', latest)))).toBe('DECLINE_REASON_REQUIRED');
  });

  it('checks the state before the note: a note too long on an arrived summons is a 409', () => {
    expect(codeOf(() => inStatus('arrived').when(arrive(latest, 'x'.repeat(1001))))).toBe(
      'SUMMONS_ALREADY_ARRIVED',
    );
  });
});

describe('Summons decider: the operator stands a summons down (issue 20 item 3)', () => {
  it('given a notified or acknowledged summons, when dispatch stands it down, then it is stood_down with when and why', () => {
    for (const status of ['notified', 'acknowledged'] as const) {
      const { events, after } = inStatus(status).when(standDown(latest));
      expect(events).toEqual([
        { type: 'SummonsStoodDown', summonsId: ID, at: latest, reason: 'no longer needed' },
      ]);
      expect(after).toMatchObject({
        status: 'stood_down',
        stoodDownAt: latest,
        standDownReason: 'no longer needed',
      });
    }
  });

  it('given an arrived, declined or stood-down summons, when a stand-down is read, then nothing changes (dispatch decided; a redelivery or a race)', () => {
    for (const status of ['arrived', 'declined', 'stood_down'] as const)
      expect(inStatus(status).when(standDown(latest)).events).toEqual([]);
  });

  it('a summons this service never saw is not stood down', () => {
    expect(decide(standDown(latest), null)).toEqual([]);
  });
});
