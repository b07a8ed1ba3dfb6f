import {
  acceptanceDecision,
  courtCaseNumber,
  rulingDecision,
  wantsExtension,
  type FilingApplication,
} from './filing';
import { signCallback } from './signature';

const rules = {
  refuseTermsMatching: '\\[court:refuse\\]',
  rejectTermsMatching: '\\[court:reject\\]',
  extendTermsMatching: '\\[court:extend\\]',
};
const application = (terms: string): FilingApplication => ({
  reference: 'r-1',
  agreementId: 'a-1',
  parties: ['王某', '李某'],
  matters: [{ category: 'compensation', description: 'medical costs' }],
  terms,
  callbackUrl: 'http://127.0.0.1:1/court/callbacks',
});

describe('the simulated court', () => {
  it('accepts and confirms ordinary agreements', () => {
    expect(acceptanceDecision(application('pay 8000 yuan'), rules)).toEqual({ accept: true });
    expect(rulingDecision(application('pay 8000 yuan'), rules)).toEqual({ outcome: 'confirmed' });
    expect(wantsExtension(application('pay 8000 yuan'), rules)).toBe(false);
  });

  it('refuses, rejects with reasons or extends the agreements its rules name', () => {
    expect(acceptanceDecision(application('[court:refuse]'), rules)).toMatchObject({ accept: false });
    const ruling = rulingDecision(application('pay [court:reject]'), rules);
    expect(ruling.outcome).toBe('rejected');
    expect(ruling.outcome === 'rejected' && ruling.reasons.length).toBeGreaterThan(0);
    expect(wantsExtension(application('[court:extend]'), rules)).toBe(true);
  });

  it('an empty rule matches nothing', () => {
    expect(rulingDecision(application('anything'), { ...rules, rejectTermsMatching: '' })).toEqual({
      outcome: 'confirmed',
    });
  });

  it('numbers cases the Chinese way', () => {
    expect(courtCaseNumber(2026, '赣0702', 17)).toBe('(2026)赣0702民特17号');
  });

  it('signs timestamp and body together', () => {
    const a = signCallback('s', 1700000000, '{"a":1}');
    expect(a).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(signCallback('s', 1700000001, '{"a":1}')).not.toBe(a);
    expect(signCallback('t', 1700000000, '{"a":1}')).not.toBe(a);
    expect(signCallback('s', 1700000000, '{"a":2}')).not.toBe(a);
  });
});
