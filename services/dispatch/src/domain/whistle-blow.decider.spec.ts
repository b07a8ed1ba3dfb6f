import type { DirectoryDepartment } from './routing';
import { decide, evolve, type CaseToWhistle, type WhistleCommand } from './whistle.decider';

const blownAt = new Date('2018-10-15T08:00:00Z');

const CASE: CaseToWhistle = {
  caseId: 'c1',
  caseNo: 'ALZ-2018-000001',
  centerId: 'anlizha-village',
  centerPath: ['ganzhou-district', 'shangqin-town', 'anlizha-village'],
  disputeType: 'neighbour',
  urgency: 'normal',
  closed: false,
  hasOpenWhistle: false,
  ruleDepartmentKinds: ['judicial_office'],
};

const department = (id: string): DirectoryDepartment => ({
  id,
  name: id,
  kind: id,
  centerIds: ['shangqin-town'],
});

/** When the operator blows the whistle on the case (with these overrides), naming these departments. */
function blowCommand(departmentIds: string[], overrides: Partial<CaseToWhistle> = {}): WhistleCommand {
  let seq = 0;
  return {
    type: 'Blow',
    whistleId: 'w1',
    case: { ...CASE, ...overrides },
    departmentIds,
    directory: [...departmentIds, 'judicial_office', 'x', 'y'].map(department),
    reason: null,
    at: blownAt,
    slaSeconds: 1800,
    newSummonsId: () => `s${++seq}`,
  };
}

/** Then the whistle the one event (WhistleBlown) makes. */
const blown = (command: WhistleCommand) => {
  const events = decide(command, null);
  expect(events.map((e) => e.type)).toEqual(['WhistleBlown']);
  return evolve(null, events[0]);
};
const given = (departments: string[]) => ({ whistle: blown(blowCommand(departments)) });

describe('Whistle decider: blowing the whistle (no database)', () => {
  it('blows: every department summoned with the deadline blownAt + SLA', () => {
    const { whistle } = given(['traffic', 'judicial', 'town']);
    expect(whistle.arrivalDeadline.toISOString()).toBe('2018-10-15T08:30:00.000Z');
    expect(whistle.summons.map((s) => [s.id, s.departmentId, s.status])).toEqual([
      ['s1', 'traffic', 'notified'],
      ['s2', 'judicial', 'notified'],
      ['s3', 'town', 'notified'],
    ]);
  });

  it('refuses a whistle with nobody to summon, on a closed case, or on a case with one open', () => {
    const rule = { ruleDepartmentKinds: [] };
    expect(() => decide(blowCommand([], rule), null)).toThrow(
      expect.objectContaining({ code: 'NO_DEPARTMENTS' }),
    );
    expect(() => decide(blowCommand(['x'], { closed: true }), null)).toThrow(
      expect.objectContaining({ code: 'CASE_CLOSED' }),
    );
    expect(() => decide(blowCommand(['x'], { hasOpenWhistle: true }), null)).toThrow(
      expect.objectContaining({ code: 'WHISTLE_ALREADY_OPEN' }),
    );
  });

  it('summons by the routing rule without named departments; unknown or missing ones are refused', () => {
    expect(given([]).whistle.summons.map((s) => s.departmentId)).toEqual(['judicial_office']);
    expect(() => decide(blowCommand([], { ruleDepartmentKinds: null }), null)).toThrow(
      expect.objectContaining({ code: 'ROUTING_RULE_MISSING' }),
    );
    const unknown = { ...blowCommand(['x', 'nobody']), directory: [department('x')] };
    expect(() => decide(unknown, null)).toThrow(
      expect.objectContaining({ code: 'DEPARTMENT_UNKNOWN', field: 'departmentIds[1]' }),
    );
    expect(given(['x', 'x']).whistle.summons.map((s) => s.departmentId)).toEqual(['x']);
  });
});
