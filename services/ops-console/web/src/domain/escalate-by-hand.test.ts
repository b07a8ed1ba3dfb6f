import { describe, expect, it } from 'vitest';
import { levelLabel, mayEscalateByHand } from './escalate-by-hand';

const words = {
  t: (key: string, values: Record<string, unknown> = {}) => `${key}${JSON.stringify(values)}`,
  department: (id: string) => `dept:${id}`,
  center: (id: string) => `center:${id}`,
};

describe('escalation by hand on the workstation', () => {
  it('names a center level by the center, a department level by the department', () => {
    expect(levelLabel({ level: 3, target: { kind: 'center', id: 'ganzhou' } }, words)).toBe(
      'byHand.option{"n":3,"target":"center:ganzhou"}',
    );
    expect(levelLabel({ level: 1, target: { kind: 'department_head', id: 'police' } }, words)).toBe(
      'byHand.option{"n":1,"target":"byHand.head{\\"department\\":\\"dept:police\\"}"}',
    );
    expect(levelLabel({ level: 5, target: { kind: 'on_duty_liaison', id: 'police' } }, words)).toContain(
      'byHand.onDuty',
    );
  });

  it('is offered to a supervisor for a breached summons only', () => {
    expect(mayEscalateByHand('supervisor', 'breached')).toBe(true);
    expect(mayEscalateByHand('supervisor', 'acknowledged')).toBe(false);
    expect(mayEscalateByHand('operator', 'breached')).toBe(false);
    expect(mayEscalateByHand(undefined, 'breached')).toBe(false);
  });
});
