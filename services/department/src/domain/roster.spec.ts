import { InvalidError } from '@chuishao/kernel';
import {
  assertOverride,
  assertRotation,
  contactsOnDutyAt,
  contactsTold,
  followsTheSummons,
  onDutyAt,
  shiftsOf,
  type DutyRoster,
  type RosterOverride,
  type Rotation,
} from './roster';

/** Beijing time, written as people on the roster read it. */
const bj = (local: string) => new Date(`${local}+08:00`);

const daily: Rotation = {
  contactIds: ['liaison-1', 'liaison-2', 'liaison-3'],
  shift: 'daily',
  handover: '08:30',
  startDate: '2026-12-01',
};
const roster = (rotation: Rotation, overrides: RosterOverride[] = []): DutyRoster => ({
  rotation,
  overrides,
});
const swap = (
  contactId: string,
  from: string,
  to: string,
  cancelledAt: Date | null = null,
): RosterOverride => ({
  id: `o-${contactId}-${from}`,
  contactId,
  from: bj(from),
  to: bj(to),
  cancelledAt,
});

describe('who is on duty: a daily rotation handing over at 08:30 Beijing time', () => {
  it('keeps the outgoing liaison one minute before the hand-over', () => {
    expect(onDutyAt(roster(daily), bj('2026-12-02T08:29:59.999'))).toEqual(['liaison-1']);
  });

  it('gives the duty to the incoming liaison at the exact hand-over instant', () => {
    // Given the first shift 12-01 08:30 → 12-02 08:30; when asked at 12-02 08:30:00.000
    expect(onDutyAt(roster(daily), bj('2026-12-02T08:30:00'))).toEqual(['liaison-2']);
  });

  it('wraps round to the first liaison after the last one', () => {
    expect(onDutyAt(roster(daily), bj('2026-12-04T09:00:00'))).toEqual(['liaison-1']);
  });

  it('names nobody before the first shift begins', () => {
    expect(onDutyAt(roster(daily), bj('2026-12-01T08:29:00'))).toEqual([]);
  });

  it('counts the hand-over in Beijing time, not UTC (00:30 UTC is 08:30 in Beijing)', () => {
    expect(onDutyAt(roster(daily), new Date('2026-12-02T00:30:00Z'))).toEqual(['liaison-2']);
  });
});

describe('a weekly rotation', () => {
  const weekly: Rotation = {
    contactIds: ['a', 'b'],
    shift: 'weekly',
    handover: '09:00',
    startDate: '2026-11-30',
  };

  it('keeps one liaison the whole week and wraps after the last', () => {
    expect(onDutyAt(roster(weekly), bj('2026-12-07T08:59:00'))).toEqual(['a']);
    expect(onDutyAt(roster(weekly), bj('2026-12-07T09:00:00'))).toEqual(['b']);
    expect(onDutyAt(roster(weekly), bj('2026-12-14T09:00:00'))).toEqual(['a']);
  });
});

describe('overrides', () => {
  const night = swap('liaison-3', '2026-12-01T20:00:00', '2026-12-02T08:30:00');

  it('puts the swapped-in liaison on duty for the night, beating the rotation', () => {
    expect(onDutyAt(roster(daily, [night]), bj('2026-12-01T23:00:00'))).toEqual(['liaison-3']);
  });

  it('gives the duty back to the rotation when the override ends', () => {
    expect(onDutyAt(roster(daily, [night]), bj('2026-12-01T19:59:59'))).toEqual(['liaison-1']);
    expect(onDutyAt(roster(daily, [night]), bj('2026-12-02T08:30:00'))).toEqual(['liaison-2']);
  });

  it('ignores a cancelled override', () => {
    const cancelled = swap('liaison-3', '2026-12-01T20:00:00', '2026-12-02T08:30:00', new Date());
    expect(onDutyAt(roster(daily, [cancelled]), bj('2026-12-01T23:00:00'))).toEqual(['liaison-1']);
  });
});

describe("a liaison's shifts (the calendar feed)", () => {
  it('lists their rotation shifts in the window, less the span an override takes, plus their own overrides', () => {
    const night = swap('liaison-3', '2026-12-01T20:00:00', '2026-12-02T08:30:00');
    const shifts = shiftsOf(
      roster(daily, [night]),
      'liaison-1',
      bj('2026-12-01T00:00:00'),
      bj('2026-12-06T00:00:00'),
    );
    expect(shifts.map((s) => [s.from.toISOString(), s.to.toISOString(), s.override])).toEqual([
      [bj('2026-12-01T08:30:00').toISOString(), bj('2026-12-01T20:00:00').toISOString(), false],
      [bj('2026-12-04T08:30:00').toISOString(), bj('2026-12-05T08:30:00').toISOString(), false],
    ]);
    const theirs = shiftsOf(
      roster(daily, [night]),
      'liaison-3',
      bj('2026-12-01T00:00:00'),
      bj('2026-12-04T00:00:00'),
    );
    expect(theirs.map((s) => [s.from.toISOString(), s.override])).toEqual([
      [bj('2026-12-01T20:00:00').toISOString(), true],
      [bj('2026-12-03T08:30:00').toISOString(), false],
    ]);
  });
});

describe('what the roster decides of the directory', () => {
  const contacts = [
    { id: 'head', role: 'head', onDuty: true },
    { id: 'liaison-1', role: 'liaison', onDuty: true },
    { id: 'liaison-2', role: 'liaison', onDuty: false },
  ];

  it('keeps the on-duty flags without a roster', () => {
    expect(contactsOnDutyAt(contacts, null, bj('2026-12-02T09:00:00'))).toEqual(contacts);
  });

  it('puts exactly the rostered liaison on duty, whatever the flags say', () => {
    const two: Rotation = { ...daily, contactIds: ['liaison-1', 'liaison-2'] };
    const seen = contactsOnDutyAt(contacts, roster(two), bj('2026-12-02T09:00:00'));
    expect(seen.filter((c) => c.onDuty).map((c) => c.id)).toEqual(['head', 'liaison-2']);
  });

  it('falls back to the flags when the roster names nobody still in the directory', () => {
    expect(contactsOnDutyAt(contacts, roster(daily), bj('2026-11-30T09:00:00'))).toEqual(contacts);
  });
});

describe('checks', () => {
  const liaisons = ['liaison-1', 'liaison-2', 'liaison-3'];
  const refusal = (f: () => void) => {
    try {
      f();
    } catch (e) {
      return e instanceof InvalidError ? { code: e.code, field: e.field } : e;
    }
    return null;
  };

  it('refuses a rotation naming someone who is not a liaison, a bad hand-over time, a bad date', () => {
    expect(refusal(() => assertRotation({ ...daily, contactIds: ['head'] }, liaisons))).toEqual({
      code: 'ROSTER_CONTACT_UNKNOWN',
      field: 'contactIds',
    });
    expect(refusal(() => assertRotation({ ...daily, handover: '24:00' }, liaisons))).toMatchObject({
      field: 'handover',
    });
    expect(refusal(() => assertRotation({ ...daily, startDate: '2026-02-30' }, liaisons))).toMatchObject({
      field: 'startDate',
    });
    expect(refusal(() => assertRotation(daily, liaisons))).toBeNull();
  });

  it('refuses an override that ends before it begins', () => {
    const o = { contactId: 'liaison-1', from: bj('2026-12-02T08:00:00'), to: bj('2026-12-02T08:00:00') };
    expect(refusal(() => assertOverride(o, liaisons))).toEqual({ code: 'OVERRIDE_EMPTY', field: 'to' });
  });
});

describe('a warning or a stand-down follows the summons', () => {
  const contacts = [
    { id: 'head', role: 'head', onDuty: true },
    { id: 'liaison-1', role: 'liaison', onDuty: true },
    { id: 'liaison-2', role: 'liaison', onDuty: false },
  ];

  it('goes to the liaisons texted the summons, whoever is on duty now', () => {
    const seen = contactsTold(contacts, new Set(['liaison-2']));
    expect(seen!.filter((c) => c.onDuty).map((c) => c.id)).toEqual(['head', 'liaison-2']);
    expect([
      followsTheSummons('warning'),
      followsTheSummons('stood_down'),
      followsTheSummons('summons'),
    ]).toEqual([true, true, false]);
  });

  it('leaves it to the duty when none of them is a liaison any more', () => {
    expect(contactsTold(contacts, new Set(['liaison-gone']))).toBeNull();
  });
});
