import { DomainError } from '@chuishao/kernel';
import { LegalCalendar, days, seconds } from '@chuishao/legal-calendar';
import { assertMayApply, unconfirmableMatters, windowCloseOf, type Agreement } from './agreement';

const DAY = 86_400;
const calendar = new LegalCalendar();
const effectiveAt = new Date('2026-11-01T10:00:00.000Z');
const agreement = (over: Partial<Agreement> = {}): Agreement => ({
  agreementId: 'a',
  caseId: 'c',
  mediationId: 'm',
  parties: ['王某', '李某'],
  mediatorId: 'med-1',
  matters: [{ category: 'compensation', description: 'medical costs' }],
  terms: 'pay 8000 yuan',
  amount: 8000,
  performanceDeadline: null,
  effectiveAt,
  windowClosesAt: windowCloseOf(effectiveAt, seconds(30 * DAY), calendar).dueAt,
  windowState: 'open',
  correlationId: 'corr',
  ...over,
});

function refusal(run: () => void): { code: string; kind: string; details?: unknown } | null {
  try {
    run();
    return null;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { code: error.code, kind: error.kind, details: error.details };
  }
}

describe('who may apply for judicial confirmation, and when', () => {
  const all = ['王某', '李某'];

  it('the window is 30 calendar days from the day after the effective date, a last rest day moved on', () => {
    // Effective on Sunday 2026-11-01 (18:00 in Beijing): day 30 is Tuesday 2026-12-01.
    expect(windowCloseOf(effectiveAt, days(30), calendar)).toMatchObject({
      lastDay: '2026-12-01',
      dueAt: new Date('2026-12-01T16:00:00.000Z'),
    });
    // Effective on 2025-09-06: day 30 is 2025-10-06, inside the National Day holiday → 2025-10-09.
    expect(windowCloseOf(new Date('2025-09-06T02:00:00Z'), days(30), calendar).lastDay).toBe('2025-10-09');
  });

  it('with an elapsed window (development), its last instant is included', () => {
    expect(windowCloseOf(effectiveAt, seconds(30 * DAY), calendar).dueAt.toISOString()).toBe(
      '2026-12-01T10:00:00.000Z',
    );
    const a = agreement();
    expect(refusal(() => assertMayApply(a, all, new Date('2026-12-01T10:00:00.000Z')))).toBeNull();
    expect(refusal(() => assertMayApply(a, all, new Date('2026-12-01T10:00:00.001Z')))).toMatchObject({
      code: 'CONFIRMATION_WINDOW_CLOSED',
      kind: 'conflict',
    });
  });

  it('every party must consent; the refusal names who is missing', () => {
    expect(refusal(() => assertMayApply(agreement(), ['王某'], effectiveAt))).toEqual({
      code: 'CONSENT_MISSING',
      kind: 'conflict',
      details: { missing: ['李某'] },
    });
  });

  it('someone who is not a party is a bad request naming the field', () => {
    expect(refusal(() => assertMayApply(agreement(), [...all, '张某'], effectiveAt))).toMatchObject({
      code: 'NOT_A_PARTY',
      kind: 'invalid',
      details: { field: 'consentingParties' },
    });
  });

  it('identity, adoption and marriage relationships are not confirmable', () => {
    const a = agreement({
      matters: [
        { category: 'property', description: 'house' },
        { category: 'marriage_relationship', description: 'divorce' },
        { category: 'adoption_relationship', description: 'child' },
      ],
    });
    expect(unconfirmableMatters(a)).toEqual(['marriage_relationship', 'adoption_relationship']);
    expect(refusal(() => assertMayApply(a, all, effectiveAt))).toMatchObject({
      code: 'MATTER_NOT_CONFIRMABLE',
      details: { categories: ['marriage_relationship', 'adoption_relationship'] },
    });
    expect(
      unconfirmableMatters(agreement({ matters: [{ category: 'identity_relationship', description: 'x' }] })),
    ).toEqual(['identity_relationship']);
  });
});
