/** A line of the console's timeline: the event's type and the few facts a person may read. */
export interface TimelineEntry {
  eventId: string;
  type: string;
  occurredAt: string;
  actor: { role: string; id: string };
  facts?: Record<string, unknown>;
}

/** How the page names things: departments and centers in the chosen language, lists translated. */
export interface Vocabulary {
  t: (key: string, values?: Record<string, unknown>) => string;
  te: (key: string) => boolean;
  department: (id: string) => string;
  center: (id: string) => string;
  dateTime: (iso: string) => string;
}

const text = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : '';

/** `disputeType.road_traffic` when the key exists, else the raw value never shows: an em dash. */
function term(v: Vocabulary, group: string, value: unknown): string {
  const key = `${group}.${text(value)}`;
  return v.te(key) ? v.t(key) : '—';
}

/**
 * Timers are the system's own bookkeeping (a deadline scheduled, cancelled, reached): the
 * consequences a person cares about (a warning, a breach, a level raised) have their own lines.
 */
export function isForPeople(entry: TimelineEntry): boolean {
  return !/^Deadline[A-Z]/.test(entry.type);
}

/**
 * One sentence per event, in the reader's language: no internal event names, no raw fields.
 * An event type the app does not know yet reads as "another step of the case".
 */
export function describe(entry: TimelineEntry, v: Vocabulary): string {
  const f = entry.facts ?? {};
  const departments = Array.isArray(f.departmentIds)
    ? (f.departmentIds as string[]).map((id) => v.department(id)).join('、')
    : '';
  const values: Record<string, unknown> = {
    center: f.centerId ? v.center(text(f.centerId)) : '',
    caseNo: text(f.caseNo),
    disputeType: term(v, 'disputeType', f.disputeType),
    urgency: term(v, 'urgency', f.urgency),
    departments,
    deadline: f.arrivalDeadline ? v.dateTime(text(f.arrivalDeadline)) : '',
    department: f.departmentId ? v.department(text(f.departmentId)) : '',
    from: f.fromDepartmentId ? v.department(text(f.fromDepartmentId)) : '',
    to: f.toDepartmentId ? v.department(text(f.toDepartmentId)) : '',
    reason: text(f.reason),
    level: f.approachLevel ? term(v, 'approach', f.approachLevel) : text(f.level),
    tier: term(v, 'tier', f.tierLevel),
    referral: term(v, 'referral', f.referral),
    late:
      typeof f.latenessSeconds === 'number'
        ? v.t('tl.minutes', { n: Math.max(1, Math.round(f.latenessSeconds / 60)) })
        : '',
  };
  const key = `tl.${entry.type}`;
  return v.te(key) ? v.t(key, values) : v.t('tl.other');
}
