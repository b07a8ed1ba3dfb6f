/**
 * Duty rosters (值班表, issue 20 item 1) as the roster screen enters them. department decides who
 * is on duty (its roster rule); these only turn what a person types, in Beijing time, into the
 * instants the API takes, and say where an override stands for the list.
 */

/** Beijing time has no daylight saving: a fixed +08:00 is exact. */
const BEIJING = '+08:00';
const DAY_MS = 86400_000;

export interface OverrideForm {
  contactId: string;
  /** The local date the override begins, YYYY-MM-DD. */
  date: string;
  /** Local HH:MM it begins. */
  fromTime: string;
  /** Local HH:MM it ends: at or before `fromTime` means the next day (a night swap, 20:00 → 08:30). */
  toTime: string;
  reason: string;
}

/** The body of POST /departments/:id/roster/overrides for a form: [from, to) in ISO-8601. */
export function overrideBody(form: OverrideForm) {
  const from = new Date(`${form.date}T${form.fromTime}:00${BEIJING}`);
  let to = new Date(`${form.date}T${form.toTime}:00${BEIJING}`);
  if (to.getTime() <= from.getTime()) to = new Date(to.getTime() + DAY_MS);
  return {
    contactId: form.contactId,
    from: from.toISOString(),
    to: to.toISOString(),
    ...(form.reason.trim() ? { reason: form.reason.trim() } : {}),
  };
}

export type OverrideState = 'cancelled' | 'ended' | 'active' | 'upcoming';

/** Where an override stands at `now` (half-open: it has ended at its `to`). */
export function overrideState(
  o: { from: string; to: string; cancelledAt: string | null },
  now: Date,
): OverrideState {
  if (o.cancelledAt) return 'cancelled';
  if (Date.parse(o.to) <= now.getTime()) return 'ended';
  return Date.parse(o.from) <= now.getTime() ? 'active' : 'upcoming';
}

/** An instant as people on the roster read it: Beijing time, `YYYY-MM-DD HH:MM`. */
export function beijingTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}
