import { InvalidError } from '@chuishao/kernel';

const DAY_MS = 86_400_000;
/** A scorecard with no `from` covers the 30 days before `to`. */
export const DEFAULT_SCORECARD_DAYS = 30;

/** The period [from, to) a scorecard covers: `to` defaults to now, `from` to 30 days before it. */
export function scorecardPeriod(period: { from?: string; to?: string }, now: Date): { from: Date; to: Date } {
  const to = period.to ? new Date(period.to) : now;
  const from = period.from ? new Date(period.from) : new Date(to.getTime() - DEFAULT_SCORECARD_DAYS * DAY_MS);
  if (from.getTime() >= to.getTime())
    throw new InvalidError('INVALID_PERIOD', '`from` must be before `to`', 'from');
  return { from, to };
}
