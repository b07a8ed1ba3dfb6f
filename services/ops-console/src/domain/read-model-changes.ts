import type { CaseEventFacts, CaseStatus } from '@chuishao/contracts';

/**
 * What the events of one transaction change in the console's read models, folded together
 * before one statement writes it (read-model-projection.ts folds, the repository writes). Events
 * of one case come on several topics in no guaranteed order, so no change ever overwrites:
 * each row only has its unknown columns filled in, and a case's status only moves forward.
 */

/** What an event knows of a row: the columns it knows; a column absent or null it says nothing of. */
export type Known<T> = { [K in keyof T]?: T[K] | null };

/** One line of a case's timeline: every event of every type has one. */
export interface TimelineEntry {
  eventId: string;
  caseId: string;
  type: string;
  version: number;
  occurredAt: Date;
  actorRole: string;
  actorId: string;
  summary: string;
  facts: CaseEventFacts;
}

/** A case file beyond its key: the case page and the scorecards' outcomes. */
export type CaseFileFields = {
  caseNo: string;
  centerId: string;
  centerName: string;
  /** District → town → village. */
  centerPath: readonly string[];
  disputeType: string;
  urgency: string;
  summary: string;
  headcount: number;
  /** The case's place, when intake was given its position (issue 20 item 4). */
  placeLatitude: number;
  placeLongitude: number;
  registeredAt: Date;
  closedAt: Date;
  agreementAt: Date;
  mediationFailedAt: Date;
  confirmation: 'granted' | 'rejected';
};

export type WhistleFields = {
  caseId: string;
  caseNo: string;
  centerId: string;
  blownAt: Date;
  arrivalDeadline: Date;
  completedAt: Date;
};

export type SummonsFields = {
  whistleId: string;
  caseId: string;
  departmentId: string;
  departmentName: string;
  summonedAt: Date;
  deadline: Date;
  acknowledgedAt: Date;
  arrivedAt: Date;
  declinedAt: Date;
  reassignedAt: Date;
  stoodDownAt: Date;
  warnedAt: Date;
  breachedAt: Date;
  breachRetractedAt: Date;
  /** Set off for the scene (DepartmentEnRouteReported, the first). */
  /** Where the liaison's phone was when it reported on site (DepartmentArrived v2). */
  arrivalLatitude: number;
  arrivalLongitude: number;
  arrivalAccuracyMeters: number;
  enRouteAt: Date;
  /** Expected on site: the latest ETA reported (the greatest: a revision is almost always a delay). */
  etaAt: Date;
  leftAt: Date;
};

export type BreachFields = {
  summonsId: string;
  whistleId: string;
  caseId: string;
  departmentId: string;
  deadline: Date;
  breachedAt: Date;
  retractedAt: Date;
  lateArrivalAt: Date;
  latenessSeconds: number;
};

export type EscalationFields = {
  breachId: string;
  summonsId: string;
  whistleId: string;
  caseId: string;
  departmentId: string;
  level: number;
  targetKind: string;
  targetId: string;
  raisedAt: Date;
  acknowledgedAt: Date;
  acknowledgedBy: string;
  note: string;
};

/** A closing's follow-up with the parties (回访), keyed by the case and the closing's time. */
export type FollowUpFields = {
  caseId: string;
  closedAt: Date;
  dueAt: Date;
  answeredAt: Date;
  channel: string;
  answer: 'satisfied' | 'basically_satisfied' | 'unsatisfied';
  resolved: boolean;
};

/** A row of a board or scorecard table that an event fills in, by its key. */
export type RowFill =
  | { table: 'whistles'; key: string; fields: Known<WhistleFields> }
  | { table: 'summons'; key: string; fields: Known<SummonsFields> }
  | { table: 'breaches'; key: string; fields: Known<BreachFields> }
  | { table: 'escalations'; key: string; fields: Known<EscalationFields> }
  | { table: 'follow_ups'; key: string; fields: Known<FollowUpFields> };

export type BoardTable = RowFill['table'];

/** The status an event moves its case to, and the statuses it moves it from. */
export interface StatusMove {
  to: CaseStatus;
  from: readonly CaseStatus[];
}

/**
 * Where a referral puts the case (CaseReferred): unlike the fill-in fields, the latest placement
 * wins (by its time), whatever order the events arrive in.
 */
export interface Placement {
  centerId: string;
  centerName: string;
  centerPath: readonly string[];
  at: Date;
}

/** Everything one event changes. */
export interface EventChanges {
  timeline: TimelineEntry;
  caseFields: Known<CaseFileFields>;
  status: StatusMove | null;
  placement: Placement | null;
  rows: readonly RowFill[];
}

/** What a transaction's events say of one case: the latest event time and the moves in order. */
export interface CaseChanges {
  caseId: string;
  lastEventAt: Date;
  fields: Known<CaseFileFields>;
  moves: readonly StatusMove[];
  /** The latest placement of the transaction's events, if any moved the case. */
  placement: Placement | null;
}

/** The changes of several events, as applying them one by one would leave the rows. */
export interface ReadModelChanges {
  timeline: readonly TimelineEntry[];
  /** By the case id in lower case (uuid keys: one row whatever letter case an event spells). */
  cases: ReadonlyMap<string, CaseChanges>;
  /** By table and key in lower case. */
  rows: ReadonlyMap<string, RowFill>;
}

export const NO_CHANGES: ReadModelChanges = { timeline: [], cases: new Map(), rows: new Map() };

/**
 * Columns that keep the greatest value known rather than the first, so a revision counts whatever
 * order the events come in (projection-sql.ts writes them with GREATEST).
 */
export const GREATEST_FIELDS: ReadonlySet<string> = new Set(['etaAt']);

/** `first` with `later` applied after it: a column keeps its first known value (or its greatest). */
export function fillIn<T>(first: Known<T>, later: Known<T>): Known<T> {
  const merged: Known<T> = { ...first };
  for (const column in later) {
    const known = merged[column];
    const next = later[column];
    if (GREATEST_FIELDS.has(column) && known instanceof Date && next instanceof Date) {
      if (next.getTime() > known.getTime()) merged[column] = later[column];
      continue;
    }
    if (known === undefined || (known === null && later[column] !== undefined))
      merged[column] = later[column];
  }
  return merged;
}

/** `view` with one event's changes applied after it. */
export function applyChanges(view: ReadModelChanges, changes: EventChanges): ReadModelChanges {
  const after = { timeline: [...view.timeline], cases: new Map(view.cases), rows: new Map(view.rows) };
  applyTo(after, changes);
  return after;
}

/** The changes of several events, in their order, as applying them one by one would leave the rows. */
export function foldChanges(all: readonly EventChanges[]): ReadModelChanges {
  const view = { timeline: [], cases: new Map(), rows: new Map() };
  for (const changes of all) applyTo(view, changes);
  return view;
}

interface Accumulator {
  timeline: TimelineEntry[];
  cases: Map<string, CaseChanges>;
  rows: Map<string, RowFill>;
}

/** Applies one event's changes to a view of the fold's own (entries are replaced, never changed). */
function applyTo(view: Accumulator, { timeline, caseFields, status, placement, rows }: EventChanges): void {
  view.timeline.push(timeline);
  const caseKey = timeline.caseId.toLowerCase();
  const before = view.cases.get(caseKey);
  view.cases.set(caseKey, {
    caseId: before?.caseId ?? timeline.caseId,
    lastEventAt:
      before && before.lastEventAt >= timeline.occurredAt ? before.lastEventAt : timeline.occurredAt,
    fields: before ? fillIn(before.fields, caseFields) : { ...caseFields },
    moves: status ? [...(before?.moves ?? []), status] : (before?.moves ?? []),
    placement: latest(before?.placement ?? null, placement),
  });
  for (const row of rows) {
    const id = `${row.table}:${row.key.toLowerCase()}`;
    const earlier = view.rows.get(id);
    view.rows.set(id, earlier ? fillRow(earlier, row) : { ...row, fields: { ...row.fields } });
  }
}

function latest(a: Placement | null, b: Placement | null): Placement | null {
  if (!a || !b) return a ?? b;
  return b.at > a.at ? b : a;
}

/** Two fills of one row (same table, same key) as one. */
function fillRow(earlier: RowFill, later: RowFill): RowFill {
  switch (earlier.table) {
    case 'whistles':
      return later.table === 'whistles'
        ? { ...earlier, fields: fillIn(earlier.fields, later.fields) }
        : earlier;
    case 'summons':
      return later.table === 'summons'
        ? { ...earlier, fields: fillIn(earlier.fields, later.fields) }
        : earlier;
    case 'breaches':
      return later.table === 'breaches'
        ? { ...earlier, fields: fillIn(earlier.fields, later.fields) }
        : earlier;
    case 'escalations':
      return later.table === 'escalations'
        ? { ...earlier, fields: fillIn(earlier.fields, later.fields) }
        : earlier;
    case 'follow_ups':
      return later.table === 'follow_ups'
        ? { ...earlier, fields: fillIn(earlier.fields, later.fields) }
        : earlier;
  }
}
