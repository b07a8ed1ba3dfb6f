import {
  dueLevels,
  fromLegacy,
  ladderSteps,
  nextDueLevel,
  readPolicy,
  validateLadderPolicy,
  type LadderContext,
  type LadderPolicy,
} from './escalation-policy';

const at = (hms: string) => new Date(`2026-01-01T${hms}.000Z`);
const deadline = at('08:30:00');
const village: LadderContext = {
  departmentId: 'traffic-police',
  centerId: 'anlizha-village',
  centerPath: ['ganzhou-district', 'shangqin-town', 'anlizha-village'],
};
const district: LadderContext = {
  ...village,
  centerId: 'ganzhou-district',
  centerPath: ['ganzhou-district'],
};
const head = { kind: 'department_head', id: 'traffic-police' };

describe('the default policy (today’s SLA_* settings, converted)', () => {
  const policy = fromLegacy({ warningSeconds: 600, escalationSeconds: 900, levels: 3 });

  it("level 1 the department's head at the deadline, then one tier up every escalationSeconds", () => {
    expect(dueLevels(policy, village, deadline)).toEqual([
      { level: 1, target: head, dueAt: at('08:30:00') },
      { level: 2, target: { kind: 'center', id: 'shangqin-town' }, dueAt: at('08:45:00') },
      { level: 3, target: { kind: 'center', id: 'ganzhou-district' }, dueAt: at('09:00:00') },
    ]);
  });

  it('an old snapshot reads as the same ladder; a v2 one as itself', () => {
    expect(readPolicy({ warningSeconds: 600, escalationSeconds: 900, levels: 3 })).toEqual(policy);
    expect(readPolicy(policy)).toBe(policy);
    expect(policy).toMatchObject({ version: 2, warningSeconds: 600, repeat: 0 });
  });

  it('without the case path (CaseRegistered not seen), the case’s own center is chased, as before', () => {
    const unknown = { ...village, centerPath: null };
    expect(dueLevels(policy, unknown, deadline).map((d) => d.target)).toEqual([
      head,
      { kind: 'center', id: 'anlizha-village' },
      { kind: 'center', id: 'anlizha-village' },
    ]);
  });
});

describe('a policy as data', () => {
  const policy: LadderPolicy = {
    version: 2,
    warningSeconds: 300,
    levels: [
      { delaySeconds: 0, target: 'department_head' },
      { delaySeconds: 600, target: 'center_up' },
      { delaySeconds: 300, target: 'center_supervisors' },
    ],
    repeat: 1,
  };

  it('given repeat 1, when the levels run out, then they start again from the first, numbered on', () => {
    const due = dueLevels(policy, village, deadline);
    expect(due.map((d) => [d.level, d.target.id, d.dueAt.toISOString().slice(11, 19)])).toEqual([
      [1, 'traffic-police', '08:30:00'],
      [2, 'shangqin-town', '08:40:00'],
      [3, 'anlizha-village', '08:45:00'],
      [4, 'traffic-police', '08:45:00'],
      [5, 'shangqin-town', '08:55:00'],
      [6, 'anlizha-village', '09:00:00'],
    ]);
    expect(nextDueLevel(policy, village, deadline, 6)).toBeNull();
  });

  it('given a case at the district, when a level goes one tier up, then it resolves to nobody and is skipped at once', () => {
    expect(ladderSteps(policy, district)[1]).toEqual({ level: 2, delaySeconds: 600, target: null });
    // Level 3 is due 300 s after level 1, not 600 + 300: the empty level's delay is not waited out.
    expect(nextDueLevel(policy, district, deadline, 1)).toEqual({
      level: 3,
      target: { kind: 'center', id: 'ganzhou-district' },
      dueAt: at('08:35:00'),
    });
  });

  it('a second center_up in a round goes two tiers up; past the district, nobody', () => {
    const climb: LadderPolicy = {
      ...policy,
      levels: [
        { delaySeconds: 60, target: 'center_up' },
        { delaySeconds: 60, target: 'center_up' },
        { delaySeconds: 60, target: 'center_up' },
        { delaySeconds: 60, target: 'department_head' },
      ],
      repeat: 0,
    };
    expect(dueLevels(climb, village, deadline).map((d) => [d.level, d.target.id, d.dueAt])).toEqual([
      [1, 'shangqin-town', at('08:31:00')],
      [2, 'ganzhou-district', at('08:32:00')],
      [4, 'traffic-police', at('08:33:00')],
    ]);
  });
});

describe('the on-duty liaison again', () => {
  it('resolves to the department, as its liaisons on duty', () => {
    const policy = validateLadderPolicy({
      warningSeconds: 60,
      levels: [{ delaySeconds: 0, target: 'on_duty_liaison' }],
      repeat: 0,
    });
    expect(dueLevels(policy, district, deadline)).toEqual([
      { level: 1, target: { kind: 'on_duty_liaison', id: 'traffic-police' }, dueAt: deadline },
    ]);
  });
});

describe('validating a policy', () => {
  const good = { warningSeconds: 60, levels: [{ delaySeconds: 0, target: 'department_head' }], repeat: 0 };

  it('keeps a good one as v2', () => {
    expect(validateLadderPolicy(good)).toEqual({ version: 2, ...good });
  });

  it.each([
    [{ ...good, levels: [] }, 'policy.levels'],
    [{ ...good, levels: [{ delaySeconds: -1, target: 'department_head' }] }, 'policy.levels[0].delaySeconds'],
    [{ ...good, levels: [{ delaySeconds: 0, target: 'mayor' }] }, 'policy.levels[0].target'],
    [{ ...good, repeat: 11 }, 'policy.repeat'],
    [{ ...good, warningSeconds: 0 }, 'policy.warningSeconds'],
    [null, 'policy.warningSeconds'],
  ])('refuses %j naming %s', (input, field) => {
    expect(() => validateLadderPolicy(input)).toThrow(expect.objectContaining({ field }));
  });
});
