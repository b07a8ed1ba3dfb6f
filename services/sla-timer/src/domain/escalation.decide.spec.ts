import { fromLegacy } from './escalation-policy';
import type { SummonsSla } from './sla';
import { raisableByHand } from './escalation.decide';
import { decide, evolve, type SummonsSlaCommand } from './summons-sla.decider';

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 8, 0, 0) + seconds * 1000);
const PATH = ['district', 'town', 'village'];

/** Breached at 08:00:40 with level 1 raised; a ladder of 3 levels 10 s apart. */
const breachedAtLevel1: SummonsSla = [
  { type: 'Breach', at: at(40), breachId: 'b-1', escalationId: 'e-1', centerPath: PATH } as const,
].reduce((sla, command) => decide(command, sla).reduce(evolve, sla), {
  summonsId: 's-1',
  whistleId: 'w-1',
  caseId: 'c-1',
  centerId: 'village',
  departmentId: 'police',
  departmentName: 'Police',
  summonedAt: at(0),
  deadline: at(40),
  policy: fromLegacy({ warningSeconds: 20, escalationSeconds: 10, levels: 3 }),
  state: 'running',
  acknowledgedAt: null,
  arrivedAt: null,
  warnedAt: null,
  breachId: null,
  escalationLevel: 0,
  correlationId: 'corr',
  causationId: 'cause',
} as SummonsSla);

const byHand = (level: number, seconds = 42): SummonsSlaCommand => ({
  type: 'EscalateByHand',
  at: at(seconds),
  level,
  escalationId: `e-hand-${level}`,
  centerPath: PATH,
});

describe('escalation by hand (given / when / then)', () => {
  it('given level 1 raised, when a supervisor raises level 2 at 08:00:42, then level 3 follows 10 s later', () => {
    expect(breachedAtLevel1.escalationLevel).toBe(1);
    expect(decide(byHand(2), breachedAtLevel1)).toEqual([
      {
        type: 'EscalationRaised',
        escalationId: 'e-hand-2',
        breachId: 'b-1',
        level: 2,
        fromLevel: 1,
        target: { kind: 'center', id: 'town' },
        at: at(42),
        next: { level: 3, dueAt: at(52) },
      },
    ]);
  });

  it('may jump to the last level, which ends the ladder', () => {
    expect(decide(byHand(3), breachedAtLevel1)).toMatchObject([
      { level: 3, fromLevel: 1, target: { kind: 'center', id: 'district' }, next: null },
    ]);
  });

  it('refuses a level not above the current one, past the ladder, or a summons not breached', () => {
    expect(() => decide(byHand(1), breachedAtLevel1)).toThrow(
      expect.objectContaining({ code: 'ESCALATION_LEVEL_NOT_ABOVE' }),
    );
    expect(() => decide(byHand(4), breachedAtLevel1)).toThrow(
      expect.objectContaining({ code: 'ESCALATION_LEVEL_UNKNOWN', field: 'level' }),
    );
    const running = { ...breachedAtLevel1, state: 'running' as const, breachId: null, escalationLevel: 0 };
    expect(() => decide(byHand(2), running)).toThrow(
      expect.objectContaining({ code: 'SUMMONS_NOT_BREACHED' }),
    );
  });

  it('a level with nobody (one tier above the district) cannot be chosen', () => {
    const atDistrict = { ...breachedAtLevel1, centerId: 'district' };
    expect(() => decide({ ...byHand(2), centerPath: ['district'] } as SummonsSlaCommand, atDistrict)).toThrow(
      expect.objectContaining({ code: 'ESCALATION_LEVEL_UNKNOWN' }),
    );
  });

  describe('the levels the workstation offers', () => {
    it('are the ladder’s levels above the current one, each with whom it chases', () => {
      expect(raisableByHand(breachedAtLevel1, PATH).map((d) => [d.level, d.target])).toEqual([
        [2, { kind: 'center', id: 'town' }],
        [3, { kind: 'center', id: 'district' }],
      ]);
      const atLevel2 = decide(byHand(2), breachedAtLevel1).reduce(evolve, breachedAtLevel1);
      expect(raisableByHand(atLevel2, PATH).map((d) => d.level)).toEqual([3]);
    });

    it('leave out a level with nobody, and offer nothing for a summons not breached', () => {
      expect(raisableByHand({ ...breachedAtLevel1, centerId: 'district' }, ['district'])).toEqual([]);
      const running = { ...breachedAtLevel1, state: 'running' as const, breachId: null, escalationLevel: 0 };
      expect(raisableByHand(running, PATH)).toEqual([]);
    });
  });
});
