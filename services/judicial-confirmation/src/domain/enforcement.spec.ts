import { LegalCalendar } from '@chuishao/legal-calendar';
import { enforcementWindowOf } from './enforcement';
import {
  AT,
  accepted,
  apply,
  filed,
  given,
  later,
  ofType,
  recorded,
  ruled,
} from './confirmation-request.given';

const DAY_MS = 86_400_000;
/** An instant given in Beijing time. */
const beijing = (dateTime: string) => new Date(`${dateTime}+08:00`);

/** An agreement effective ten days before the ruling, applied for and accepted in between. */
function confirmedAt(ruledAt: Date, performanceDeadline: Date | null) {
  const effectiveAt = later(ruledAt, -10 * DAY_MS);
  const day = (n: number) => later(effectiveAt, n * DAY_MS);
  return given(
    recorded({ effectiveAt, performanceDeadline }),
    apply({ at: day(1) }),
    filed(day(1)),
    accepted(day(2)),
  ).when(ruled('confirmed', [], ruledAt));
}

describe('the two years to apply for enforcement of a confirmed agreement (Civil Procedure Law art. 250)', () => {
  it('given no performance deadline, when confirmed on Thursday 2024-03-14, then they run from the ruling to Saturday 2026-03-14, moved to Monday the 16th', () => {
    const { events, request } = confirmedAt(beijing('2024-03-14T10:00:00'), null);
    const expected = {
      lastDay: '2026-03-16',
      closesAt: new Date('2026-03-16T16:00:00.000Z'),
      countedFrom: 'ruling',
    };
    expect(ofType(events, 'ConfirmationRuled').enforcement).toEqual(expected);
    expect(request).toMatchObject({ status: 'confirmed', enforcement: expected });
  });

  it('given a performance deadline of 2024-10-01, then they run from it and 2026-10-01, in the National Day holiday (Oct 1–7), moves to 2026-10-08', () => {
    const { request } = confirmedAt(beijing('2024-09-27T10:00:00'), beijing('2024-10-01T08:00:00'));
    expect(request.enforcement).toEqual({
      lastDay: '2026-10-08',
      closesAt: new Date('2026-10-08T16:00:00.000Z'),
      countedFrom: 'performance-deadline',
    });
  });

  it('given a deadline at 24:00 Beijing time, then its last day is the day before midnight', () => {
    const byMidnight = confirmedAt(beijing('2024-09-27T10:00:00'), new Date('2024-10-01T16:00:00.000Z'));
    expect(byMidnight.request.enforcement?.lastDay).toBe('2026-10-08');
  });

  it('given a deadline on 29 February 2024, then two years on is 28 February 2026, a make-up working Saturday: it ends that day', () => {
    const { request } = confirmedAt(beijing('2024-02-20T10:00:00'), beijing('2024-02-29T18:00:00'));
    expect(request.enforcement).toMatchObject({ lastDay: '2026-02-28', countedFrom: 'performance-deadline' });
  });

  it('given a deadline that passed before the ruling, then they still run from the deadline (the earlier end)', () => {
    const { request } = confirmedAt(beijing('2024-03-25T10:00:00'), beijing('2024-03-13T10:00:00'));
    expect(request.enforcement).toMatchObject({ lastDay: '2026-03-13', countedFrom: 'performance-deadline' });
  });

  it('given a rejected ruling, or a second ruling after the confirmation, then nothing is enforceable or changed', () => {
    const rejected = given(recorded(), apply(), filed(), accepted()).when(ruled('rejected', ['x']));
    expect(ofType(rejected.events, 'ConfirmationRuled').enforcement).toBeNull();
    expect(rejected.request.enforcement).toBeNull();
    const confirmed = given(recorded(), apply(), filed(), accepted(), ruled('confirmed'));
    const again = confirmed.when(ruled('confirmed', [], later(AT, 5 * DAY_MS)));
    expect(again.request.enforcement).toEqual(confirmed.request!.enforcement);
    expect(again.request.enforcement?.lastDay).toBe('2028-11-03'); // from the ruling at AT, a Friday
  });

  it('given a schedule loaded for the year the two years end in, then its holidays count', () => {
    const ruledAt = beijing('2026-11-03T16:00:00');
    const calendar = new LegalCalendar();
    expect(enforcementWindowOf({ performanceDeadline: null }, ruledAt, calendar).lastDay).toBe('2028-11-03');
    const with2028 = calendar.with({
      year: 2028,
      source: 'test',
      holidays: [{ name: 'test', from: '2028-11-03', to: '2028-11-05' }],
      makeUpWorkdays: [],
    });
    expect(enforcementWindowOf({ performanceDeadline: null }, ruledAt, with2028)).toEqual({
      lastDay: '2028-11-06',
      closesAt: new Date('2028-11-06T16:00:00.000Z'),
      countedFrom: 'ruling',
    });
  });
});
