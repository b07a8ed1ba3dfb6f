/**
 * Escalation by hand (升级督办, issue 20 item 2): a supervisor raises a level of a breached summons
 * now. sla-timer decides which levels may be raised (`GET /summons/:id/escalation-levels`); the
 * workstation only names whom each one chases.
 */

/** Whom a level chases, as sla-timer resolves it for the summons (a center, or the department). */
export interface ResolvedTarget {
  kind: 'department_head' | 'on_duty_liaison' | 'center';
  id: string;
}

export interface RaisableLevels {
  summonsId: string;
  state: string;
  escalationLevel: number;
  levels: Array<{ level: number; target: ResolvedTarget }>;
}

export interface TargetWords {
  t: (key: string, values?: Record<string, unknown>) => string;
  department: (id: string) => string;
  center: (id: string) => string;
}

/** "第 3 级 · 赣州区综治中心": the level and whom it chases, in the reader's words. */
export function levelLabel(level: { level: number; target: ResolvedTarget }, words: TargetWords): string {
  const { kind, id } = level.target;
  const whom =
    kind === 'center'
      ? words.center(id)
      : words.t(kind === 'department_head' ? 'byHand.head' : 'byHand.onDuty', {
          department: words.department(id),
        });
  return words.t('byHand.option', { n: level.level, target: whom });
}

/** Only a supervisor raises a level, and only of a summons sla-timer has breached. */
export function mayEscalateByHand(role: string | undefined, summonsStatus: string): boolean {
  return role === 'supervisor' && summonsStatus === 'breached';
}
