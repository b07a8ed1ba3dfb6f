/**
 * Escalation policies (升级策略, issue 20 item 2) as the workstation edits them. sla-timer owns the
 * rule and checks every PUT itself; the checks here repeat its own
 * (services/sla-timer/src/domain/escalation-policy.ts, `validateLadderPolicy`) with the same field
 * names and in the same order, so the form points at a mistake before the request and the first
 * error here is the one the server would answer. People type minutes; the API takes seconds.
 */

/** Who a level chases, as sla-timer names it. */
export const TARGETS = ['department_head', 'on_duty_liaison', 'center_supervisors', 'center_up'] as const;
export type Target = (typeof TARGETS)[number];

export const MAX_LEVELS = 20;
export const MAX_REPEAT = 10;

export interface PolicyLevel {
  delaySeconds: number;
  target: Target;
}

export interface LadderPolicy {
  warningSeconds: number;
  levels: PolicyLevel[];
  repeat: number;
}

/** One row of sla-timer's `GET /escalation-policies`; null center or type: left open. */
export interface StoredPolicy {
  centerId: string | null;
  disputeType: string | null;
  policy: LadderPolicy;
  updatedBy: string;
  updatedAt: string;
}

/** What a field's error says, as a key of the page's words (`policies.errors.<reason>`). */
export type FieldReason = 'warning' | 'repeat' | 'levels' | 'delay' | 'target';

/** A field named as the server names it: `policy.levels[1].delaySeconds`. */
export interface FieldError {
  field: string;
  reason: FieldReason;
}

const wholeAtLeast = (value: unknown, min: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min;

/** Every mistake of a policy, in the order sla-timer checks them (its 400 names the first). */
export function validatePolicy(input: unknown): FieldError[] {
  const p = (input ?? {}) as Record<string, unknown>;
  const errors: FieldError[] = [];
  if (!wholeAtLeast(p.warningSeconds, 1)) errors.push({ field: 'policy.warningSeconds', reason: 'warning' });
  if (!wholeAtLeast(p.repeat, 0) || p.repeat > MAX_REPEAT)
    errors.push({ field: 'policy.repeat', reason: 'repeat' });
  if (!Array.isArray(p.levels) || p.levels.length === 0 || p.levels.length > MAX_LEVELS) {
    errors.push({ field: 'policy.levels', reason: 'levels' });
    return errors;
  }
  p.levels.forEach((raw: unknown, i) => {
    const level = (raw ?? {}) as Record<string, unknown>;
    if (!wholeAtLeast(level.delaySeconds, 0))
      errors.push({ field: `policy.levels[${i}].delaySeconds`, reason: 'delay' });
    if (!TARGETS.includes(level.target as Target))
      errors.push({ field: `policy.levels[${i}].target`, reason: 'target' });
  });
  return errors;
}

/** A level as the form holds it: minutes, and a target still to pick (''). */
export interface LevelForm {
  delayMinutes: number | null;
  target: Target | '';
}

export interface PolicyForm {
  /** '' = every center (network-wide: ops only). */
  centerId: string;
  /** '' = any dispute type (默认). */
  disputeType: string;
  warningMinutes: number | null;
  levels: LevelForm[];
  repeat: number | null;
}

/** Seconds as minutes for the form (a delay stored as 90 s reads 1.5). */
export const minutesOf = (seconds: number): number => seconds / 60;

/**
 * Minutes typed as the whole seconds the API takes; a value that is no whole number of seconds
 * (0.01 min) stays a fraction, which the check then refuses, naming the field.
 */
export function secondsOf(minutes: number | null): number | null {
  if (minutes === null || !Number.isFinite(minutes)) return null;
  const seconds = minutes * 60;
  const whole = Math.round(seconds);
  // 0.1 × 60 is 6.000000000000001 in floating point: typed tenths must still be whole seconds.
  return Math.abs(seconds - whole) < 1e-6 ? whole : seconds;
}

/** The ladder sla-timer uses when no policy is set (its SLA_* defaults): the form's starting point. */
export function newPolicyForm(centerId = '', disputeType = ''): PolicyForm {
  return {
    centerId,
    disputeType,
    warningMinutes: 10,
    levels: [
      { delayMinutes: 0, target: 'department_head' },
      { delayMinutes: 15, target: 'center_up' },
    ],
    repeat: 0,
  };
}

/** A stored policy in the form, to edit. */
export function formOf(stored: StoredPolicy): PolicyForm {
  return {
    centerId: stored.centerId ?? '',
    disputeType: stored.disputeType ?? '',
    warningMinutes: minutesOf(stored.policy.warningSeconds),
    levels: stored.policy.levels.map((l) => ({ delayMinutes: minutesOf(l.delaySeconds), target: l.target })),
    repeat: stored.policy.repeat,
  };
}

export interface PutBody {
  centerId?: string;
  disputeType?: string;
  policy: LadderPolicy;
}

/** The body of `PUT /escalation-policies` for the form, or the fields to correct first. */
export function requestOf(form: PolicyForm): { body: PutBody } | { errors: FieldError[] } {
  const policy = {
    warningSeconds: secondsOf(form.warningMinutes),
    levels: form.levels.map((l) => ({ delaySeconds: secondsOf(l.delayMinutes), target: l.target })),
    repeat: form.repeat,
  };
  const errors = validatePolicy(policy);
  if (errors.length > 0) return { errors };
  return {
    body: {
      ...(form.centerId ? { centerId: form.centerId } : {}),
      ...(form.disputeType ? { disputeType: form.disputeType } : {}),
      policy: policy as LadderPolicy,
    },
  };
}

/** The list with the item at `index` moved one place up (-1) or down (+1); at an end, unchanged. */
export function moved<T>(list: readonly T[], index: number, by: -1 | 1): T[] {
  const to = index + by;
  const copy = [...list];
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return copy;
  [copy[index], copy[to]] = [copy[to], copy[index]];
  return copy;
}

/** Where the form shows a field's error: a level's own delay or target, else the policy's field. */
export function placeOf(field: string): { level: number; key: 'delaySeconds' | 'target' } | { key: string } {
  const match = /^policy\.levels\[(\d+)\]\.(delaySeconds|target)$/.exec(field);
  if (match) return { level: Number(match[1]), key: match[2] as 'delaySeconds' | 'target' };
  return { key: field.replace(/^policy\./, '') };
}

/** The fields of a server's 400 (`errors: [{ field, reason }]`) as the form's errors. */
export function serverFieldErrors(errors: ReadonlyArray<{ field: string }>): FieldError[] {
  const reasons: Array<[RegExp, FieldReason]> = [
    [/^policy\.warningSeconds$/, 'warning'],
    [/^policy\.repeat$/, 'repeat'],
    [/^policy\.levels$/, 'levels'],
    [/\.delaySeconds$/, 'delay'],
    [/\.target$/, 'target'],
  ];
  return errors.flatMap((e) => {
    const found = reasons.find(([pattern]) => pattern.test(e.field));
    return found ? [{ field: e.field, reason: found[1] }] : [];
  });
}

interface CenterNode {
  id: string;
  parentId: string | null;
}

/** A center and every center below it in the directory's tree (a supervisor's reach), itself first. */
export function centersWithin(centers: readonly CenterNode[], rootId: string): string[] {
  const reach = [rootId];
  for (let i = 0; i < reach.length; i++)
    for (const c of centers) if (c.parentId === reach[i] && !reach.includes(c.id)) reach.push(c.id);
  return reach;
}

interface Person {
  role: string;
  centerId?: string | null;
}

/** Ops, and the network's own supervision (a supervisor of no center), as sla-timer's listScope says. */
export const reachesEverything = (person: Person): boolean =>
  person.role === 'ops' || (person.role === 'supervisor' && !person.centerId);

/**
 * Whether a person may edit a policy of this center: ops and the network's supervision any, a
 * center's supervisor one of their center and below (never a network-wide one). sla-timer
 * decides again from the cases it has seen.
 */
export function mayEdit(person: Person, centerId: string | null, centers: readonly CenterNode[]): boolean {
  if (reachesEverything(person)) return true;
  if (person.role !== 'supervisor' || !person.centerId || centerId === null) return false;
  return centersWithin(centers, person.centerId).includes(centerId);
}

/** The list's order: network-wide first, then by center, a center's default before its types. */
export function listed(items: readonly StoredPolicy[]): StoredPolicy[] {
  // Left open (null) sorts before any value; values by code point, the same in every locale.
  const compare = (a: string | null, b: string | null) =>
    a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1;
  return [...items].sort((a, b) => compare(a.centerId, b.centerId) || compare(a.disputeType, b.disputeType));
}
