/**
 * How often one phone may be texted (issue 20 item 5). A liaison on duty during a busy hour would
 * otherwise get a text per summons, warning and escalation, and carriers flag a number that
 * floods one handset. GoAlert's limits are the reference: one text a minute, five in fifteen
 * minutes, per phone. What waits is not lost: it goes out in the next text, bundled
 * (sms-bundle.ts). Pure rules; the delivery worker keeps each phone's recent sends.
 */

/** At most `count` texts in any `windowSeconds`. */
export interface SmsLimit {
  count: number;
  windowSeconds: number;
}

export const DEFAULT_SMS_LIMITS: readonly SmsLimit[] = [
  { count: 1, windowSeconds: 60 },
  { count: 5, windowSeconds: 15 * 60 },
];

/**
 * `"1/60,5/900"` → the limits. Anything else is refused with the part that is wrong, so a typo in
 * the environment stops the start.
 */
export function parseSmsLimits(text: string): SmsLimit[] {
  return text.split(',').map((part) => {
    const match = /^\s*(\d{1,4})\s*\/\s*(\d{1,6})\s*$/.exec(part);
    const count = match ? Number(match[1]) : 0;
    const windowSeconds = match ? Number(match[2]) : 0;
    if (count < 1 || windowSeconds < 1)
      throw new Error(`an SMS limit is <count>/<seconds> with both at least 1, got "${part.trim()}"`);
    return { count, windowSeconds };
  });
}

/** The longest window: sends older than it never matter again. */
export function sendsWorthKeeping(limits: readonly SmsLimit[]): number {
  return Math.max(0, ...limits.map((l) => l.windowSeconds));
}

/**
 * When the next text to a phone may go, given when its recent texts went: `now` when no limit is
 * reached, else the moment the oldest text that fills a limit leaves its window.
 */
export function nextSendAllowedAt(
  recentSends: readonly Date[],
  now: Date,
  limits: readonly SmsLimit[],
): Date {
  const newestFirst = [...recentSends].sort((a, b) => b.getTime() - a.getTime());
  let allowed = now.getTime();
  for (const { count, windowSeconds } of limits) {
    const windowMs = windowSeconds * 1000;
    const inWindow = newestFirst.filter((at) => now.getTime() - at.getTime() < windowMs);
    if (inWindow.length < count) continue;
    // The count-th newest send must leave the window before another may go.
    const blocking = inWindow[count - 1]!;
    allowed = Math.max(allowed, blocking.getTime() + windowMs);
  }
  return new Date(allowed);
}

/** The sends to remember after one more at `now`: those still inside the longest window. */
export function rememberSend(recentSends: readonly Date[], now: Date, limits: readonly SmsLimit[]): Date[] {
  const keepMs = sendsWorthKeeping(limits) * 1000;
  return [...recentSends, now]
    .filter((at) => now.getTime() - at.getTime() < keepMs || at.getTime() === now.getTime())
    .sort((a, b) => a.getTime() - b.getTime());
}
