import { InvalidError, addSeconds } from '@chuishao/kernel';
import type { EscalationTarget } from './sla';

/**
 * Who a level of the ladder chases (issue 20 item 2), as EscalationRaised carries it:
 * - `department_head`: the summoned department's head;
 * - `on_duty_liaison`: the department's on-duty liaisons again (EscalationRaised v2 only);
 * - `center_supervisors`: the supervisors of the case's own center;
 * - `center_up`: the center one tier further up the case's path for each `center_up` level met so
 *   far in the round (the first goes one tier up, the second two, …); past the district, nobody.
 */
export const TARGET_KINDS = [
  'department_head',
  'on_duty_liaison',
  'center_supervisors',
  'center_up',
] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export interface PolicyLevel {
  /** After the previous level that chased somebody (level 1: after the deadline). */
  delaySeconds: number;
  target: TargetKind;
}

/** The escalation policy as data (v2): frozen per summons when its whistle is blown. */
export interface LadderPolicy {
  version: 2;
  /** The warning fires this long before the deadline (skipped when that moment has passed). */
  warningSeconds: number;
  levels: PolicyLevel[];
  /** How many more rounds of the levels follow the first (0: the ladder runs once). */
  repeat: number;
}

/** The v1 snapshot still stored in `summons_sla.policy` for whistles blown before v2. */
export interface LegacyPolicy {
  warningSeconds: number;
  escalationSeconds: number;
  levels: number;
}

export const MAX_REPEAT = 10;
export const MAX_LEVELS = 20;

/**
 * A v1 snapshot as a v2 policy with the same ladder: level 1 the department's head at the
 * deadline, each further level one more tier up, `escalationSeconds` apart. (One difference: v1
 * chased the district again once at the top; v2 skips a level with nobody above.)
 */
export function fromLegacy(legacy: LegacyPolicy): LadderPolicy {
  const levels: PolicyLevel[] = [{ delaySeconds: 0, target: 'department_head' }];
  for (let n = 2; n <= legacy.levels; n++)
    levels.push({ delaySeconds: legacy.escalationSeconds, target: 'center_up' });
  return { version: 2, warningSeconds: legacy.warningSeconds, levels, repeat: 0 };
}

/** Whatever snapshot a row holds (v1 or v2), as a v2 policy: running whistles keep working. */
export function readPolicy(snapshot: LadderPolicy | LegacyPolicy): LadderPolicy {
  return 'version' in snapshot && snapshot.version === 2 ? snapshot : fromLegacy(snapshot as LegacyPolicy);
}

const invalid = (field: string, message: string) =>
  new InvalidError('POLICY_INVALID', `${field} ${message}`, field);

const wholeAtLeast = (value: unknown, min: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min;

/** Checks an untrusted policy; the error names the field (`policy.levels[1].delaySeconds`). */
export function validateLadderPolicy(input: unknown, name = 'policy'): LadderPolicy {
  const p = (input ?? {}) as Record<string, unknown>;
  if (!wholeAtLeast(p.warningSeconds, 1))
    throw invalid(`${name}.warningSeconds`, 'must be a positive whole number');
  if (!wholeAtLeast(p.repeat, 0) || p.repeat > MAX_REPEAT)
    throw invalid(`${name}.repeat`, `must be a whole number from 0 to ${MAX_REPEAT}`);
  if (!Array.isArray(p.levels) || p.levels.length === 0 || p.levels.length > MAX_LEVELS)
    throw invalid(`${name}.levels`, `must list 1 to ${MAX_LEVELS} levels`);
  const levels = p.levels.map((raw: unknown, i) => {
    const level = (raw ?? {}) as Record<string, unknown>;
    if (!wholeAtLeast(level.delaySeconds, 0))
      throw invalid(`${name}.levels[${i}].delaySeconds`, 'must be a whole number of seconds, 0 or more');
    if (!TARGET_KINDS.includes(level.target as TargetKind))
      throw invalid(`${name}.levels[${i}].target`, `must be one of ${TARGET_KINDS.join(', ')}`);
    return { delaySeconds: level.delaySeconds, target: level.target as TargetKind };
  });
  return { version: 2, warningSeconds: p.warningSeconds, levels, repeat: p.repeat };
}

/** Where a summons stands: its department, its case's center and that center's path (district first). */
export interface LadderContext {
  departmentId: string;
  centerId: string;
  /** Null when CaseRegistered was not seen: the case's center then stands alone. */
  centerPath: string[] | null;
}

/** One step of the ladder, numbered across the rounds (round 2 of 3 levels starts at level 4). */
export interface LadderStep {
  level: number;
  delaySeconds: number;
  /** Null: the level resolves to nobody, and is skipped at once. */
  target: EscalationTarget | null;
}

/** Every step of the ladder, each round's `center_up` count starting again from the case's center. */
export function ladderSteps(policy: LadderPolicy, ctx: LadderContext): LadderStep[] {
  const known = ctx.centerPath !== null && ctx.centerPath.length > 0;
  const path = known ? ctx.centerPath! : [ctx.centerId];
  const steps: LadderStep[] = [];
  for (let round = 0; round <= policy.repeat; round++) {
    let tiersUp = 0;
    for (const level of policy.levels) {
      let target: EscalationTarget | null;
      if (level.target === 'department_head') target = { kind: 'department_head', id: ctx.departmentId };
      else if (level.target === 'on_duty_liaison') target = { kind: 'on_duty_liaison', id: ctx.departmentId };
      else if (level.target === 'center_supervisors') target = { kind: 'center', id: path[path.length - 1] };
      else {
        tiersUp++;
        const index = path.length - 1 - tiersUp;
        // Path unknown (CaseRegistered not seen): the case's own center, so somebody is still chased.
        if (!known) target = { kind: 'center', id: ctx.centerId };
        else target = index >= 0 ? { kind: 'center', id: path[index] } : null;
      }
      steps.push({ level: steps.length + 1, delaySeconds: level.delaySeconds, target });
    }
  }
  return steps;
}

/** A level that chases somebody, and when it is due. */
export interface DueLevel {
  level: number;
  target: EscalationTarget;
  dueAt: Date;
}

/**
 * The levels that chase somebody, each due its delay after the previous such level (the first
 * after the deadline): a level with nobody is skipped at once, its delay not waited out.
 * Computed from the stored deadline, never from when an earlier timer happened to run.
 */
export function dueLevels(policy: LadderPolicy, ctx: LadderContext, deadline: Date): DueLevel[] {
  let offset = 0;
  const due: DueLevel[] = [];
  for (const step of ladderSteps(policy, ctx)) {
    if (!step.target) continue;
    offset += step.delaySeconds;
    due.push({ level: step.level, target: step.target, dueAt: addSeconds(deadline, offset) });
  }
  return due;
}

/** The first level above `level` that chases somebody, or null when the ladder is done. */
export function nextDueLevel(
  policy: LadderPolicy,
  ctx: LadderContext,
  deadline: Date,
  level: number,
): DueLevel | null {
  return dueLevels(policy, ctx, deadline).find((d) => d.level > level) ?? null;
}
