/**
 * The few facts of an event a person reads in a case's timeline, by name, for a reader to put
 * into a sentence in its language (case-summary.ts): ids it names in that language (departments,
 * centers), list values it translates (dispute type, urgency, levels), times and short reasons.
 * Only these keys ever leave: no party, no name, no ID number, no phone, no free notes. Pure and
 * import-free, like terms.ts, so the workstation's browser bundle takes this very file.
 */
export type CaseEventFacts = Record<string, string | number | string[]>;

type Payload = Record<string, unknown>;

const SCALAR_FACTS = [
  'caseNo',
  'centerId',
  'disputeType',
  'urgency',
  'departmentId',
  'fromDepartmentId',
  'arrivalDeadline',
  'arrivedAt',
  'reason',
  'level',
  'approachLevel',
  'tierLevel',
  'referral',
  'latenessSeconds',
  'secondsRemaining',
  'courtCaseNumber',
  'outcome',
  'linkedCaseNo',
  'direction',
  'answer',
  'channel',
  'comment',
  'dueAt',
  'mediaType',
  'byteSize',
  'attachedTo',
  'etaAt',
] as const;

const MAX_TEXT = 200;

function scalar(value: unknown): string | number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value !== '')
    return value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT - 1)}…` : value;
  return undefined;
}

function nested(payload: Payload, key: string, field: string): unknown {
  const inner = payload[key];
  return typeof inner === 'object' && inner !== null ? (inner as Payload)[field] : undefined;
}

/** The facts of an event's payload; any payload, even an odd one, reads without failing. */
export function caseEventFacts(payload: unknown): CaseEventFacts {
  const p = (typeof payload === 'object' && payload !== null ? payload : {}) as Payload;
  const facts: CaseEventFacts = {};
  for (const key of SCALAR_FACTS) {
    const value = scalar(p[key]);
    if (value !== undefined) facts[key] = value;
  }
  const centerId = scalar(nested(p, 'center', 'id'));
  if (centerId !== undefined) facts.centerId = centerId;
  const fromCenter = scalar(nested(p, 'from', 'id'));
  if (fromCenter !== undefined) facts.fromCenterId = fromCenter;
  const toCenter = scalar(nested(p, 'to', 'id'));
  if (toCenter !== undefined) facts.toCenterId = toCenter;
  const toDepartment = scalar(nested(p, 'to', 'departmentId'));
  if (toDepartment !== undefined) facts.toDepartmentId = toDepartment;
  // SummonsAdded names its one new summons: the department added reads as `to`.
  const added = scalar(nested(p, 'summons', 'departmentId'));
  if (added !== undefined) facts.toDepartmentId = added;
  if (Array.isArray(p.summons))
    facts.departmentIds = (p.summons as Payload[])
      .map((s) => s?.departmentId)
      .filter((id): id is string => typeof id === 'string');
  return facts;
}
