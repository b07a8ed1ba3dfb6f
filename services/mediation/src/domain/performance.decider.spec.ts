import { transitionAllowed } from '@chuishao/kernel';
import { mediationTransition } from './mediation.decider';
import {
  PERFORMANCE_DEADLINE,
  agree,
  at,
  content,
  fail,
  given,
  ofType,
  open,
  perform,
  session,
} from './mediation.given';
import { performanceCheckDue } from './performance';

const after = (days: number) => new Date(PERFORMANCE_DEADLINE.getTime() + days * 86_400_000);
const agreed = () => given(open(), session(), agree());

describe("the agreement's performance (People's Mediation Law art. 31)", () => {
  it('keeps the agreement’s deadline, and a check is due once it has passed', () => {
    const { mediation: m } = agreed();
    expect(m).toMatchObject({ state: 'agreed', performanceDueAt: PERFORMANCE_DEADLINE, performance: null });
    expect(performanceCheckDue(m, at(400))).toBe(false);
    expect(performanceCheckDue(m, PERFORMANCE_DEADLINE)).toBe(true);
    expect(performanceCheckDue(m, after(3))).toBe(true);
  });

  it('records not performed with the remedies the law gives, and stays due until performed', () => {
    const notPerformed = agreed().when(perform('not-performed', after(1)));
    expect(ofType(notPerformed.events, 'PerformanceRecorded').record).toEqual({
      id: expect.any(String),
      mediationId: notPerformed.then.id,
      agreementId: 'a-1',
      outcome: 'not-performed',
      note: null,
      remedies: ['judicial-confirmation-then-enforcement', 'litigation'],
      recordedBy: 'mediator-zhang',
      recordedAt: after(1),
    });
    expect(notPerformed.then.performance).toBe('not-performed');
    expect(performanceCheckDue(notPerformed.then, after(2))).toBe(true);

    const partly = given(open(), session(), agree(), perform('not-performed', after(1))).when(
      perform('partly-performed', after(5)),
    );
    expect(ofType(partly.events, 'PerformanceRecorded').record.remedies).toEqual([
      'judicial-confirmation-then-enforcement',
      'litigation',
    ]);
    const late = given(open(), session(), agree(), perform('partly-performed', after(5))).when(
      perform('performed', after(9)),
    );
    expect(ofType(late.events, 'PerformanceRecorded').record.remedies).toEqual([]);
    expect(late.then.performance).toBe('performed');
    expect(performanceCheckDue(late.then, after(10))).toBe(false);
  });

  it('takes performed as final: a later record is refused', () => {
    const performed = given(open(), session(), agree(), perform('performed', after(0)));
    for (const outcome of ['performed', 'partly-performed', 'not-performed'] as const)
      expect(() => performed.when(perform(outcome, after(1)))).toThrow(
        expect.objectContaining({ code: 'AGREEMENT_PERFORMED', kind: 'conflict' }),
      );
  });

  it('before the deadline records only performance ahead of time', () => {
    const early = agreed().when(perform('performed', at(400)));
    expect(early.then.performance).toBe('performed');
    for (const outcome of ['partly-performed', 'not-performed'] as const)
      expect(() => agreed().when(perform(outcome, at(400)))).toThrow(
        expect.objectContaining({ code: 'PERFORMANCE_NOT_DUE', kind: 'conflict' }),
      );
  });

  it('without a deadline may be recorded any time, and is never flagged due', () => {
    const noDeadline = given(
      open(),
      session(),
      agree(undefined, content({ performance: { manner: 'on the spot', deadline: null } })),
    );
    expect(noDeadline.mediation.performanceDueAt).toBeNull();
    expect(performanceCheckDue(noDeadline.mediation, after(100))).toBe(false);
    expect(noDeadline.when(perform('not-performed', at(400))).then.performance).toBe('not-performed');
  });

  it('is refused on a mediation that did not end in an agreement', () => {
    for (const history of [given(), given(open(), session()), given(open(), session(), fail(at(200)))]) {
      expect(() => history.when(perform('performed', after(1)))).toThrow(
        expect.objectContaining({ code: 'MEDIATION_NOT_AGREED', kind: 'conflict' }),
      );
      expect(performanceCheckDue(history.mediation, after(1))).toBe(false);
    }
  });

  describe('when its deadline comes (the timer scheduled with the agreement)', () => {
    const deadline = (when: Date) => ({ type: 'ReachPerformanceDeadline', at: when }) as const;

    it('given an agreement not performed, then a check falls due, with the deadline', () => {
      expect(agreed().when(deadline(after(0))).events).toEqual([
        { type: 'PerformanceCheckFellDue', deadline: PERFORMANCE_DEADLINE, at: after(0) },
      ]);
      const partly = given(open(), session(), agree(), perform('partly-performed', after(0)));
      expect(partly.when(deadline(after(1))).events).toHaveLength(1);
    });

    it('given it performed ahead of time, or a timer early by the clock, then nothing falls due', () => {
      const performed = given(open(), session(), agree(), perform('performed', at(400)));
      expect(performed.when(deadline(after(0))).events).toEqual([]);
      expect(agreed().when(deadline(after(-1))).events).toEqual([]);
    });

    it('given an agreement without a deadline, or a failed mediation, then nothing falls due', () => {
      const undated = given(
        open(),
        session(),
        agree(undefined, content({ performance: { manner: 'bank transfer', deadline: null } })),
      );
      expect(undated.when(deadline(after(0))).events).toEqual([]);
      expect(given(open(), fail()).when(deadline(after(0))).events).toEqual([]);
    });
  });

  it('decides only what its transition table allows', () => {
    const { events, then } = agreed().when(perform('not-performed', after(1)));
    expect(transitionAllowed(agreed().mediation, mediationTransition(events[0]!))).toBe(true);
    const performed = given(open(), session(), agree(), perform('performed', after(1))).mediation;
    expect(transitionAllowed(performed, mediationTransition(events[0]!))).toBe(false);
    expect(transitionAllowed(then, mediationTransition(events[0]!))).toBe(true);
  });
});
