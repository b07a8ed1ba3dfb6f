/**
 * The one reading of what an event of a case says, for people: the sentence of its type
 * (case-sentences.ts) filled with its facts (case-facts.ts), each fact named by the reader. The
 * workstation names departments and centers from its directory and translates list values in the
 * reader's language; intake's audit trail and the console's stored timeline read the same
 * sentence with the facts as the event states them. Pure; imports only its two sibling files, so
 * the browser bundle takes it too.
 */
import { caseEventFacts } from './case-facts';
import { CASE_EVENT_SENTENCES, LIST_SEPARATOR, MINUTES, type CaseReadingLanguage } from './case-sentences';

export { CASE_EVENT_SENTENCES, CASE_READING_LANGUAGES, type CaseReadingLanguage } from './case-sentences';

/** The lists whose values a reader translates (`disputeType.road_traffic` in the workstation). */
export type CaseTermGroup =
  | 'disputeType'
  | 'urgency'
  | 'approach'
  | 'tier'
  | 'referral'
  | 'referralDirection'
  | 'performance.outcome'
  | 'followUp.answer'
  | 'followUp.channel';

/** How a reader names what the facts identify. */
export interface CaseEventNames {
  department(id: string): string;
  center(id: string): string;
  term(group: CaseTermGroup, value: string): string;
  dateTime(iso: string): string;
}

/** Every fact as the event states it: ids, list values and ISO times unchanged. */
export const NAMES_AS_STATED: CaseEventNames = {
  department: (id) => id,
  center: (id) => id,
  term: (_group, value) => value,
  dateTime: (iso) => iso,
};

/** A stored summary's longest length, in characters. */
export const SUMMARY_MAX_LENGTH = 300;

type Facts = Readonly<Record<string, unknown>>;

const text = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';

function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');
}

/** The values a sentence may name, each from the facts through the reader's names. */
function sentenceValues(
  f: Facts,
  language: CaseReadingLanguage,
  names: CaseEventNames,
): Record<string, string> {
  const named = (value: unknown, name: (id: string) => string) => (text(value) ? name(text(value)) : '');
  const departmentIds = Array.isArray(f.departmentIds) ? f.departmentIds.map(text) : [];
  return {
    center: named(f.centerId, names.center),
    caseNo: text(f.caseNo),
    linkedCaseNo: text(f.linkedCaseNo),
    disputeType: names.term('disputeType', text(f.disputeType)),
    urgency: names.term('urgency', text(f.urgency)),
    departments: departmentIds.map((id) => names.department(id)).join(LIST_SEPARATOR[language]),
    deadline: named(f.arrivalDeadline, names.dateTime),
    department: named(f.departmentId, names.department),
    from: named(f.fromDepartmentId, names.department),
    to: named(f.toDepartmentId, names.department),
    reason: text(f.reason),
    level: f.approachLevel ? names.term('approach', text(f.approachLevel)) : text(f.level),
    tier: names.term('tier', text(f.tierLevel)),
    referral: names.term('referral', text(f.referral)),
    direction: names.term('referralDirection', text(f.direction)),
    fromCenter: named(f.fromCenterId, names.center),
    toCenter: named(f.toCenterId, names.center),
    outcome: names.term('performance.outcome', text(f.outcome)),
    answer: names.term('followUp.answer', text(f.answer)),
    channel: names.term('followUp.channel', text(f.channel)),
    comment: text(f.comment),
    due: named(f.dueAt, names.dateTime),
    eta: named(f.etaAt, names.dateTime),
    mediaType: text(f.mediaType),
    size: typeof f.byteSize === 'number' ? `${Math.max(1, Math.round(f.byteSize / 1024))} KB` : '',
    late:
      typeof f.latenessSeconds === 'number'
        ? fill(MINUTES[language], { n: String(Math.max(1, Math.round(f.latenessSeconds / 60))) })
        : '',
  };
}

/**
 * The sentence an event of `type` with these facts reads as, in `language`, on one line; null for
 * a type with no sentence (a timer's bookkeeping, or a type added after this code was built).
 */
export function caseEventSentence(
  type: string,
  facts: Facts,
  language: CaseReadingLanguage,
  names: CaseEventNames = NAMES_AS_STATED,
): string | null {
  const sentences = CASE_EVENT_SENTENCES[language];
  if (!Object.hasOwn(sentences, type)) return null;
  return oneLine(fill(sentences[type]!, sentenceValues(facts, language, names)));
}

function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/** Keys never shown in a generic summary: identifiers a reader cannot use, and personal data. */
const GENERIC_SKIPPED = /(^id$|Id$|Ids$|idNumber|phone|parties|participants|signature|name$|note)/i;

/** `key: value` of the payload's first few scalar fields: a line for a type with no sentence. */
function genericSummary(payload: Facts): string {
  return Object.entries(payload)
    .filter(([key, value]) => !GENERIC_SKIPPED.test(key) && text(value) !== '')
    .slice(0, 4)
    .map(([key, value]) => `${key}: ${text(value)}`)
    .join('; ');
}

/**
 * An event's stored summary, at most SUMMARY_MAX_LENGTH characters on one line: its sentence
 * with the facts as stated, or, for a type with none, its first scalar fields (no ids, no
 * personal data), so a type added later still reads as something.
 */
export function summariseCaseEvent(
  event: { type: string; payload: unknown },
  language: CaseReadingLanguage = 'en',
): string {
  const payload = (typeof event.payload === 'object' && event.payload !== null ? event.payload : {}) as Facts;
  const summary =
    caseEventSentence(event.type, caseEventFacts(payload), language) ?? oneLine(genericSummary(payload));
  return summary.length <= SUMMARY_MAX_LENGTH ? summary : `${summary.slice(0, SUMMARY_MAX_LENGTH - 1)}…`;
}
