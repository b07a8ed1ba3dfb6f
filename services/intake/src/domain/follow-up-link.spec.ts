import { followUpSmsText, linkTokenHash, linkVerdict, newLinkToken, wellFormedToken } from './follow-up-link';

const link = {
  caseId: 'c',
  closedAt: new Date('2018-10-09T02:00:00Z'),
  expiresAt: new Date('2018-10-12T02:00:00Z'),
};

describe('the one-time follow-up link (回访 by SMS)', () => {
  it('makes a well-formed random token and keeps only its hash', () => {
    const a = newLinkToken();
    const b = newLinkToken();
    expect(wellFormedToken(a.token)).toBe(true);
    expect(a.token).not.toBe(b.token);
    expect(a.hash).toBe(linkTokenHash(a.token));
    expect(a.hash).not.toContain(a.token);
    expect(wellFormedToken('short')).toBe(false);
    expect(wellFormedToken(`${a.token.slice(0, 42)}/`)).toBe(false);
  });

  it('given a link, then it is open before it expires, expired at its time, and used once answered', () => {
    expect(linkVerdict({ ...link, usedAt: null }, new Date('2018-10-12T01:59:59Z'))).toBe('open');
    expect(linkVerdict({ ...link, usedAt: null }, new Date('2018-10-12T02:00:00Z'))).toBe('expired');
    expect(
      linkVerdict({ ...link, usedAt: new Date('2018-10-10T00:00:00Z') }, new Date('2018-10-10T00:00:01Z')),
    ).toBe('used');
  });

  it('writes the SMS with the case number and the link only', () => {
    expect(followUpSmsText('ALZ-2018-000001', 'https://x/f/t')).toContain('ALZ-2018-000001');
    expect(followUpSmsText('ALZ-2018-000001', 'https://x/f/t')).toContain('https://x/f/t');
  });
});
