import { InvalidError } from '@chuishao/kernel';

/**
 * Duty rosters (值班表, issue 20 item 1): who of a department's liaisons is on duty at an instant,
 * computed from a rotation (ordered liaisons, daily or weekly shifts changing hands at a local
 * time) and temporary overrides (a swap for one night). Pure rules, time always passed in.
 *
 * Times are Beijing time, a fixed +08:00: Asia/Shanghai has kept no daylight saving since 1991,
 * so a fixed offset is exact and needs no time zone database (a library would add a dependency to
 * compute what one constant does). Every interval is half-open, [start, end): at the exact
 * instant of a hand-over the incoming liaison is on duty and the outgoing one no longer is.
 */

export const SHIFT_LENGTHS = ['daily', 'weekly'] as const;
export type ShiftLength = (typeof SHIFT_LENGTHS)[number];

const BEIJING_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;
const SHIFT_MS: Record<ShiftLength, number> = { daily: DAY_MS, weekly: 7 * DAY_MS };
const HANDOVER = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface Rotation {
  /** Liaison ids in the order their shifts follow one another; the first takes the first shift. */
  contactIds: readonly string[];
  shift: ShiftLength;
  /** Local (Beijing) time of the hand-over, `HH:MM`. */
  handover: string;
  /** Local date of the first shift, `YYYY-MM-DD`: it begins at that day's hand-over. */
  startDate: string;
}

export interface RosterOverride {
  id: string;
  contactId: string;
  from: Date;
  to: Date;
  cancelledAt: Date | null;
}

export interface DutyRoster {
  rotation: Rotation;
  overrides: readonly RosterOverride[];
}

export interface Shift {
  contactId: string;
  from: Date;
  to: Date;
  /** From an override rather than the rotation. */
  override: boolean;
}

/** The instant the rotation's first shift begins: its start date at the hand-over, Beijing time. */
export function rotationStart(rotation: Rotation): Date {
  const [, y, m, d] = DATE.exec(rotation.startDate)!.map(Number);
  const [, hh, mm] = HANDOVER.exec(rotation.handover)!.map(Number);
  return new Date(Date.UTC(y, m - 1, d, hh, mm) - BEIJING_OFFSET_MS);
}

/** Checks a rotation as typed, naming the field; `liaisonIds` are the department's liaisons. */
export function assertRotation(rotation: Rotation, liaisonIds: readonly string[]): void {
  if (rotation.contactIds.length === 0)
    throw new InvalidError('ROSTER_EMPTY', 'a rotation names at least one liaison', 'contactIds');
  if (new Set(rotation.contactIds).size !== rotation.contactIds.length)
    throw new InvalidError('CONTACT_ID_REPEATED', 'a liaison appears twice in the rotation', 'contactIds');
  assertLiaisons(rotation.contactIds, liaisonIds, 'contactIds');
  if (!HANDOVER.test(rotation.handover))
    throw new InvalidError('VALIDATION_FAILED', 'handover must be HH:MM (00:00..23:59)', 'handover');
  const date = DATE.exec(rotation.startDate);
  const parsed = date ? new Date(`${rotation.startDate}T00:00:00Z`) : null;
  if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== rotation.startDate)
    throw new InvalidError('VALIDATION_FAILED', 'startDate must be a date YYYY-MM-DD', 'startDate');
}

/** An override names one of the department's liaisons for a positive span of at most 31 days. */
export function assertOverride(
  override: { contactId: string; from: Date; to: Date },
  liaisonIds: readonly string[],
): void {
  assertLiaisons([override.contactId], liaisonIds, 'contactId');
  if (override.to.getTime() <= override.from.getTime())
    throw new InvalidError('OVERRIDE_EMPTY', 'an override ends after it begins', 'to');
  if (override.to.getTime() - override.from.getTime() > 31 * DAY_MS)
    throw new InvalidError(
      'OVERRIDE_TOO_LONG',
      'an override lasts at most 31 days; change the rotation',
      'to',
    );
}

function assertLiaisons(ids: readonly string[], liaisonIds: readonly string[], field: string): void {
  const unknown = ids.find((id) => !liaisonIds.includes(id));
  if (unknown !== undefined)
    throw new InvalidError('ROSTER_CONTACT_UNKNOWN', `${unknown} is not a liaison of the department`, field);
}

const activeAt = (o: RosterOverride, at: number) =>
  o.cancelledAt === null && o.from.getTime() <= at && at < o.to.getTime();

/** Whose rotation shift holds `at`, or null before the rotation's first shift. */
function rotationShiftAt(rotation: Rotation, at: number): Shift | null {
  const start = rotationStart(rotation).getTime();
  if (at < start) return null;
  const length = SHIFT_MS[rotation.shift];
  const index = Math.floor((at - start) / length);
  return shiftNumber(rotation, index, start, length);
}

function shiftNumber(rotation: Rotation, index: number, start: number, length: number): Shift {
  return {
    contactId: rotation.contactIds[index % rotation.contactIds.length],
    from: new Date(start + index * length),
    to: new Date(start + (index + 1) * length),
    override: false,
  };
}

/**
 * Who is on duty at `at`: the liaisons of the overrides in force then (a swap beats the
 * rotation), else the rotation's liaison; nobody before the rotation begins.
 */
export function onDutyAt(roster: DutyRoster, at: Date): string[] {
  const t = at.getTime();
  const overriding = roster.overrides.filter((o) => activeAt(o, t)).map((o) => o.contactId);
  if (overriding.length > 0) return [...new Set(overriding)];
  const shift = rotationShiftAt(roster.rotation, t);
  return shift ? [shift.contactId] : [];
}

/**
 * A liaison's shifts that overlap [from, to), for their calendar: the rotation's, less the
 * spans overrides take over, plus their own overrides; in order of start.
 */
export function shiftsOf(roster: DutyRoster, contactId: string, from: Date, to: Date): Shift[] {
  const overrides = roster.overrides.filter((o) => o.cancelledAt === null);
  const rotationShifts = rotationShiftsBetween(roster.rotation, from.getTime(), to.getTime())
    .filter((s) => s.contactId === contactId)
    .flatMap((s) => subtract(s, overrides));
  const own = overrides
    .filter((o) => o.contactId === contactId && o.to > from && o.from < to)
    .map((o) => ({ contactId, from: o.from, to: o.to, override: true }));
  return [...rotationShifts, ...own].sort((a, b) => a.from.getTime() - b.from.getTime());
}

function rotationShiftsBetween(rotation: Rotation, from: number, to: number): Shift[] {
  const start = rotationStart(rotation).getTime();
  const length = SHIFT_MS[rotation.shift];
  const shifts: Shift[] = [];
  for (let i = Math.max(0, Math.floor((from - start) / length)); start + i * length < to; i += 1)
    shifts.push(shiftNumber(rotation, i, start, length));
  return shifts;
}

/** The parts of a rotation shift that no override covers. */
function subtract(shift: Shift, overrides: readonly RosterOverride[]): Shift[] {
  let pieces = [shift];
  for (const o of overrides)
    pieces = pieces.flatMap((p) => {
      if (o.to <= p.from || o.from >= p.to) return [p];
      const left = o.from > p.from ? [{ ...p, to: o.from }] : [];
      const right = o.to < p.to ? [{ ...p, from: o.to }] : [];
      return [...left, ...right];
    });
  return pieces;
}

/**
 * The department's contacts as a trigger at `at` sees them: without a roster, the directory's own
 * on-duty flags (as before rosters); with one, exactly the liaisons the roster puts on duty then.
 * When the roster names nobody who is still a liaison (before its first shift, or the rostered
 * liaison was removed from the directory), the flags decide, so a summons never goes unheard
 * because of a roster gap.
 */
export function contactsOnDutyAt<C extends { id: string; role: string; onDuty: boolean }>(
  contacts: readonly C[],
  roster: DutyRoster | null,
  at: Date,
): C[] {
  if (!roster) return [...contacts];
  const rostered = new Set(onDutyAt(roster, at));
  const liaisons = contacts.filter((c) => c.role === 'liaison');
  if (!liaisons.some((c) => rostered.has(c.id))) return [...contacts];
  return contacts.map((c) => (c.role === 'liaison' ? { ...c, onDuty: rostered.has(c.id) } : c));
}

/**
 * A warning or a stand-down is about a summons someone was already told of: it goes to the
 * liaisons who were texted the summons (who may be on the way), not to whoever's shift began
 * since and never heard of it, nor to whoever a later roster edit names. When none of them is
 * still a liaison of the directory (or the summons texted nobody), the duty at the trigger's
 * time decides, as for a new summons.
 */
export function followsTheSummons(kind: string): boolean {
  return kind === 'warning' || kind === 'stood_down';
}

export function contactsTold<C extends { id: string; role: string; onDuty: boolean }>(
  contacts: readonly C[],
  toldIds: ReadonlySet<string>,
): C[] | null {
  if (!contacts.some((c) => c.role === 'liaison' && toldIds.has(c.id))) return null;
  return contacts.map((c) => (c.role === 'liaison' ? { ...c, onDuty: toldIds.has(c.id) } : c));
}
