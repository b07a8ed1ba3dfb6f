/**
 * A case's timeline written for people: the sentence of each event is the contracts' one reading
 * (libs/contracts reading/case-summary.ts, the same intake's audit trail and the console store),
 * here with departments and centers named from the directory and list values translated, in the
 * reader's language.
 */
import {
  caseEventSentence,
  type CaseEventNames,
  type CaseReadingLanguage,
} from '@chuishao/contracts/src/reading/case-summary.ts';

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
  language: () => CaseReadingLanguage;
  t: (key: string, values?: Record<string, unknown>) => string;
  te: (key: string) => boolean;
  department: (id: string) => string;
  center: (id: string) => string;
  dateTime: (iso: string) => string;
}

/**
 * Timers are the system's own bookkeeping (a deadline scheduled, cancelled, reached): the
 * consequences a person cares about (a warning, a breach, a level raised) have their own lines.
 */
export function isForPeople(entry: TimelineEntry): boolean {
  return !/^Deadline[A-Z]/.test(entry.type);
}

/**
 * One sentence per event, in the reader's language: no internal event names, no raw fields (a
 * list value with no translation reads as an em dash). An event type the app does not know yet
 * reads as "another step of the case".
 */
export function describe(entry: TimelineEntry, v: Vocabulary): string {
  const names: CaseEventNames = {
    department: v.department,
    center: v.center,
    term: (group, value) => (v.te(`${group}.${value}`) ? v.t(`${group}.${value}`) : '—'),
    dateTime: v.dateTime,
  };
  return caseEventSentence(entry.type, entry.facts ?? {}, v.language(), names) ?? v.t('tl.other');
}
