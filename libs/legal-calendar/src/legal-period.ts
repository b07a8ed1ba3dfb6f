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
 * A period from the environment: `<NAME>_DAYS` (or `_MONTHS`) with its legal default, unless
 * `<NAME>_SECONDS` is set, which overrides it with elapsed seconds.
 */
export function periodFromEnv(
  env: Record<string, string | undefined>,
  legal: { name: string; fallback: CalendarPeriod },
  elapsedName: string,
): LegalPeriod {
  const elapsed = env[elapsedName];
  if (elapsed !== undefined && elapsed !== '') return seconds(positiveWhole(elapsedName, elapsed));
  const raw = env[legal.name];
  if (raw === undefined || raw === '') return legal.fallback;
  return { unit: legal.fallback.unit, count: positiveWhole(legal.name, raw) };
}

function positiveWhole(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name} must be a positive whole number, got ${raw}`);
  return value;
}
