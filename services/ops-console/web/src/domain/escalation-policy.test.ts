import { describe, expect, it } from 'vitest';
import {
  centersWithin,
  formOf,
  listed,
  mayEdit,
  moved,
  newPolicyForm,
  placeOf,
  requestOf,
  secondsOf,
  serverFieldErrors,
  validatePolicy,
  type StoredPolicy,
} from './escalation-policy';

const LADDER = {
  warningSeconds: 600,
  levels: [
    { delaySeconds: 0, target: 'department_head' },
    { delaySeconds: 900, target: 'center_up' },
  ],
  repeat: 0,
};

describe("an escalation policy checked as sla-timer checks it (validateLadderPolicy's fields)", () => {
  it('takes a well-formed ladder', () => {
    expect(validatePolicy(LADDER)).toEqual([]);
    expect(validatePolicy({ ...LADDER, repeat: 10 })).toEqual([]);
  });

  // The first field of each case is the one sla-timer's 400 names for the same body.
  it.each([
    [{ ...LADDER, warningSeconds: 0 }, 'policy.warningSeconds'],
    [{ ...LADDER, warningSeconds: 1.5 }, 'policy.warningSeconds'],
    [{ ...LADDER, repeat: 11 }, 'policy.repeat'],
    [{ ...LADDER, repeat: -1 }, 'policy.repeat'],
    [{ ...LADDER, levels: [] }, 'policy.levels'],
    [{ ...LADDER, levels: Array(21).fill(LADDER.levels[0]) }, 'policy.levels'],
    [{ ...LADDER, levels: 'two' }, 'policy.levels'],
    [{ ...LADDER, levels: [{ delaySeconds: -1, target: 'center_up' }] }, 'policy.levels[0].delaySeconds'],
    [
      { ...LADDER, levels: [LADDER.levels[0], { delaySeconds: 30, target: 'mayor' }] },
      'policy.levels[1].target',
    ],
    [{ ...LADDER, levels: [null] }, 'policy.levels[0].delaySeconds'],
    [null, 'policy.warningSeconds'],
  ])('names the field at fault first: %j → %s', (policy, field) => {
    expect(validatePolicy(policy)[0].field).toBe(field);
  });

  it('names every faulty field, in the server’s order', () => {
    const policy = {
      warningSeconds: 0,
      repeat: 0,
      levels: [
        { delaySeconds: 0.5, target: '' },
        { delaySeconds: 60, target: 'center_supervisors' },
      ],
    };
    expect(validatePolicy(policy)).toEqual([
      { field: 'policy.warningSeconds', reason: 'warning' },
      { field: 'policy.levels[0].delaySeconds', reason: 'delay' },
      { field: 'policy.levels[0].target', reason: 'target' },
    ]);
  });
});

describe('the form in minutes and the PUT in seconds', () => {
  it('turns typed minutes into whole seconds, tenths included', () => {
    expect(secondsOf(15)).toBe(900);
    expect(secondsOf(0.1)).toBe(6);
    expect(secondsOf(1.5)).toBe(90);
    expect(secondsOf(0.01)).toBeCloseTo(0.6);
    expect(secondsOf(null)).toBeNull();
  });

  it('starts a new policy from the SLA_* default ladder', () => {
    expect(requestOf(newPolicyForm())).toEqual({ body: { policy: LADDER } });
  });

  it('sends a center and a dispute type only when chosen (left out: every center, any type)', () => {
    const form = { ...newPolicyForm('ganzhou-district', 'road_traffic'), repeat: 2 };
    expect(requestOf(form)).toEqual({
      body: { centerId: 'ganzhou-district', disputeType: 'road_traffic', policy: { ...LADDER, repeat: 2 } },
    });
  });

  it('refuses what the server would, before asking it', () => {
    const form = newPolicyForm('ganzhou-district');
    form.levels[1] = { delayMinutes: 0.01, target: '' };
    form.warningMinutes = null;
    expect(requestOf(form)).toEqual({
      errors: [
        { field: 'policy.warningSeconds', reason: 'warning' },
        { field: 'policy.levels[1].delaySeconds', reason: 'delay' },
        { field: 'policy.levels[1].target', reason: 'target' },
      ],
    });
    expect(requestOf({ ...form, warningMinutes: 10, levels: [] })).toEqual({
      errors: [{ field: 'policy.levels', reason: 'levels' }],
    });
  });

  it('reads a stored policy back into the same form', () => {
    const stored: StoredPolicy = {
      centerId: null,
      disputeType: 'labour',
      policy: { ...LADDER, levels: [{ delaySeconds: 90, target: 'on_duty_liaison' }] },
      updatedBy: 'ops-1',
      updatedAt: '2026-12-04T08:00:00.000Z',
    };
    const form = formOf(stored);
    expect(form).toMatchObject({ centerId: '', disputeType: 'labour', warningMinutes: 10 });
    expect(form.levels).toEqual([{ delayMinutes: 1.5, target: 'on_duty_liaison' }]);
    expect(requestOf(form)).toEqual({ body: { disputeType: 'labour', policy: stored.policy } });
  });
});

describe('editing the ladder', () => {
  it('moves a level up or down, and not past either end', () => {
    expect(moved(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moved(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moved(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moved(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });

  it("places a server's field on its level or on the policy", () => {
    expect(placeOf('policy.levels[3].target')).toEqual({ level: 3, key: 'target' });
    expect(placeOf('policy.levels[0].delaySeconds')).toEqual({ level: 0, key: 'delaySeconds' });
    expect(placeOf('policy.repeat')).toEqual({ key: 'repeat' });
    expect(placeOf('disputeType')).toEqual({ key: 'disputeType' });
  });

  it("reads a server 400's fields as the form's errors, leaving out those the form has no place for", () => {
    expect(
      serverFieldErrors([
        { field: 'policy.levels[1].delaySeconds' },
        { field: 'policy.warningSeconds' },
        { field: 'disputeType' },
      ]),
    ).toEqual([
      { field: 'policy.levels[1].delaySeconds', reason: 'delay' },
      { field: 'policy.warningSeconds', reason: 'warning' },
    ]);
  });
});

describe('who may edit which policy', () => {
  const centers = [
    { id: 'ganzhou-district', parentId: null },
    { id: 'shangqin-town', parentId: 'ganzhou-district' },
    { id: 'anlizha-village', parentId: 'shangqin-town' },
    { id: 'other-district', parentId: null },
  ];
  const supervisor = { role: 'supervisor', centerId: 'shangqin-town' };

  it("reaches a center and those below it in the directory's tree", () => {
    expect(centersWithin(centers, 'ganzhou-district')).toEqual([
      'ganzhou-district',
      'shangqin-town',
      'anlizha-village',
    ]);
  });

  it('lets a supervisor edit their center and those below, never above or network-wide; ops any', () => {
    expect(mayEdit(supervisor, 'shangqin-town', centers)).toBe(true);
    expect(mayEdit(supervisor, 'anlizha-village', centers)).toBe(true);
    expect(mayEdit(supervisor, 'ganzhou-district', centers)).toBe(false);
    expect(mayEdit(supervisor, null, centers)).toBe(false);
    expect(mayEdit({ role: 'ops' }, null, centers)).toBe(true);
    // The network's own supervision (no center) reaches every center, as sla-timer's listScope.
    expect(mayEdit({ role: 'supervisor', centerId: null }, null, centers)).toBe(true);
    expect(mayEdit({ role: 'operator', centerId: 'shangqin-town' }, 'shangqin-town', centers)).toBe(false);
  });

  it('lists the network-wide policies first, then each center with its default before its types', () => {
    const row = (centerId: string | null, disputeType: string | null) =>
      ({ centerId, disputeType }) as StoredPolicy;
    const order = listed([
      row('shangqin-town', 'labour'),
      row(null, 'labour'),
      row('shangqin-town', null),
      row(null, null),
    ]).map((p) => `${p.centerId ?? '*'}|${p.disputeType ?? '*'}`);
    expect(order).toEqual(['*|*', '*|labour', 'shangqin-town|*', 'shangqin-town|labour']);
  });
});
