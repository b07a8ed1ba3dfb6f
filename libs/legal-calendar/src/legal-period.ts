/**
 * A period as the law or a configuration states it. Days and months are legal periods, counted
 * on the calendar (art. 85 of the Civil Procedure Law); seconds are elapsed time, for
 * development, demos and tests that cannot wait days — they never touch the calendar.
 */
export type LegalPeriod =
  { unit: 'days'; count: number } | { unit: 'months'; count: number } | { unit: 'seconds'; count: number };

/** A period counted on the calendar. */
export type CalendarPeriod = Extract<LegalPeriod, { unit: 'days' | 'months' }>;

export const days = (count: number): CalendarPeriod => ({ unit: 'days', count });
export const months = (count: number): CalendarPeriod => ({ unit: 'months', count });
export const seconds = (count: number): LegalPeriod => ({ unit: 'seconds', count });

export function describePeriod(period: LegalPeriod): string {
  const unit = period.count === 1 ? period.unit.slice(0, -1) : period.unit;
  return `${period.count} ${unit}`;
}

/**
 * A configured period (the services' settings schemas read the variables): elapsed seconds when
 * given, which win; else the legal count in the fallback's unit when given; else the law's default.
 */
export function configuredPeriod(
  fallback: CalendarPeriod,
  legalCount: number | undefined,
  elapsedSeconds: number | undefined,
): LegalPeriod {
  if (elapsedSeconds !== undefined) return seconds(elapsedSeconds);
  if (legalCount !== undefined) return { unit: fallback.unit, count: legalCount };
  return fallback;
}
