import { createHash, randomBytes } from 'node:crypto';

/**
 * The one-time link a party answers a follow-up by (回访 by SMS): a random token, of which intake
 * keeps only the hash, valid until the follow-up is due and answered once. Pure but for the
 * random bytes; the caller's clock judges expiry.
 */
export interface FollowUpLink {
  caseId: string;
  closedAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

/** A new token (256 random bits, URL-safe) and the hash intake stores for it. */
export function newLinkToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: linkTokenHash(token) };
}

export function linkTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Only what a token can look like is looked up: anything else is unknown at once. */
export function wellFormedToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

export type LinkVerdict = 'open' | 'used' | 'expired';

/** Whether a link still takes an answer at `now`: once, and before it expires. */
export function linkVerdict(link: FollowUpLink, now: Date): LinkVerdict {
  if (link.usedAt) return 'used';
  return now.getTime() >= link.expiresAt.getTime() ? 'expired' : 'open';
}

/** The SMS text: the case number and the link, never a name or the phone. */
export function followUpSmsText(caseNo: string, url: string): string {
  return `【吹哨报到】您的纠纷（${caseNo}）已办结，请点击链接评价办理结果：${url}`;
}
