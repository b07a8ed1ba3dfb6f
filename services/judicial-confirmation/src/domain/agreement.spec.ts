import { DomainError } from '@chuishao/kernel';
import { assertMayApply, unconfirmableMatters, windowCloseOf, type Agreement } from './agreement';

const DAY = 86_400;
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
  windowClosesAt: windowCloseOf(effectiveAt, 30 * DAY),
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

  it('the window is 30 days from the effective date, its last instant included', () => {
    expect(windowCloseOf(effectiveAt, 30 * DAY).toISOString()).toBe('2026-12-01T10:00:00.000Z');
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
