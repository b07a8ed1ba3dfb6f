import {
  currentLevel,
  failMediation,
  levelDeadlineReached,
  openMediation,
  reachAgreement,
  recordSession,
  timeLimitReached,
  type AgreementContent,
  type Mediation,
} from './mediation';
import { LegalCalendar, seconds } from '@chuishao/legal-calendar';
import { DEFAULT_LADDER_SPLIT, type Ladder } from './ladder';

const T0 = new Date('2018-10-15T09:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const calendar = new LegalCalendar();
const endOf: Ladder['endOf'] = (from, period) => calendar.endOf(from, period).dueAt;
/** Elapsed days (the development override), so the ladder's arithmetic below is exact. */
const SPLIT: Ladder = {
  split: {
    grid_worker: seconds(86_400),
    village_committee: seconds(172_800),
    town_center: seconds(172_800),
    town_government: seconds(172_800),
  },
  endOf,
};

function opened(overrides: Partial<Parameters<typeof openMediation>[0]> = {}): Mediation {
  return openMediation({
    id: '0190a0b0-0000-7000-8000-000000000001',
    caseId: '0190a0b0-0000-7000-8000-0000000000ca',
    whistleId: '0190a0b0-0000-7000-8000-0000000000f1',
    openedBy: 'whistle',
    mediatorId: null,
    participants: ['ganzhou-traffic-police', 'shangqin-judicial-office', 'ganzhou-traffic-police'],
    startLevel: 'grid_worker',
    ladder: SPLIT,
    timeLimitDueAt: new Date('2018-11-15T16:00:00.000Z'),
    now: T0,
    ...overrides,
  });
}

function withSession(mediation: Mediation, mediatorId = 'mediator-zhang'): Mediation {
  return recordSession(
    mediation,
    {
      id: '0190a0b0-0000-7000-8000-000000000051',
      mediatorId,
      startedAt: at(0),
      endedAt: at(120),
      participants: ['王某', '李某'],
      approachLevel: 'sentiment',
      notes: null,
    },
    at(121),
  ).mediation;
}

function content(overrides: Partial<AgreementContent> = {}): AgreementContent {
  return {
    facts: 'Road accident on 12 October; the applicant’s daughter died',
    mattersInDispute: [{ category: 'compensation', description: 'Compensation for the death' }],
    responsibilities: [{ party: '李某', responsibility: 'Primary responsibility' }],
    terms: '李某 pays 王某 500,000 yuan',
    amount: 500000,
    performance: { manner: 'bank transfer', deadline: new Date('2018-10-30T00:00:00.000Z') },
    partySignatures: [
      { party: '王某', signedAt: at(300) },
      { party: '李某', signedAt: at(310) },
    ],
    mediatorSignature: { mediator: 'mediator-zhang', signedAt: at(305) },
    ...overrides,
  };
}

describe('a mediation', () => {
  it('opens at its start level with that level’s deadline and distinct participants', () => {
    const m = opened();
    expect(m.state).toBe('open');
    expect(m.participants).toEqual(['ganzhou-traffic-police', 'shangqin-judicial-office']);
    expect(currentLevel(m)).toEqual({
      level: 'grid_worker',
      startedAt: T0,
      dueAt: new Date(T0.getTime() + 86_400_000),
      missedAt: null,
    });
  });

  it('gives the case to the first mediator who records a session when nobody was named', () => {
    const m = withSession(opened(), 'mediator-li');
    expect(m.mediatorId).toBe('mediator-li');
    expect(m.sessionCount).toBe(1);
    expect(withSession(m, 'mediator-wu').mediatorId).toBe('mediator-li');
  });

  it('refuses a session that ends before it starts', () => {
    expect(() =>
      recordSession(
        opened(),
        {
          id: 's',
          mediatorId: 'm',
          startedAt: at(10),
          endedAt: at(5),
          participants: ['王某'],
          approachLevel: 'law',
          notes: null,
        },
        at(20),
      ),
    ).toThrow(expect.objectContaining({ code: 'SESSION_ENDS_BEFORE_START', details: { field: 'endedAt' } }));
  });

  it('records its time limit passing once, and only while open', () => {
    const m = opened();
    expect(m.timeLimitDueAt).toEqual(new Date('2018-11-15T16:00:00.000Z'));
    const passed = timeLimitReached(m, at(50_000));
    expect(passed).toMatchObject({ kind: 'missed', mediation: { timeLimitMissedAt: at(50_000) } });
    if (passed.kind !== 'missed') return;
    expect(timeLimitReached(passed.mediation, at(50_001)).kind).toBe('ignored');
    expect(
      timeLimitReached(failMediation(m, { reason: 'x', referral: 'litigation' }, at(10)), at(50_000)).kind,
    ).toBe('ignored');
  });

  describe('the 四级七天 ladder', () => {
    it('in days (the default) counts on the legal calendar: the grid worker’s day from 2025-09-30 ends with the holiday, on 2025-10-09', () => {
      const ladder: Ladder = { split: DEFAULT_LADDER_SPLIT, endOf };
      const m = opened({ ladder, now: new Date('2025-09-30T02:00:00.000Z') });
      expect(currentLevel(m).dueAt).toEqual(new Date('2025-10-09T16:00:00.000Z'));
      // Raised as the 9th runs out (00:00 on the 10th in Beijing): the village committee's two
      // days end on Sunday the 12th, so on Monday the 13th.
      const raised = levelDeadlineReached(m, 'grid_worker', ladder, new Date('2025-10-09T16:00:00.000Z'));
      if (raised.kind !== 'raised') throw new Error('expected a raise');
      expect(raised.to.dueAt).toEqual(new Date('2025-10-13T16:00:00.000Z'));
    });

    it('a missed level raises the mediation to the next level with a fresh deadline', () => {
      const outcome = levelDeadlineReached(opened(), 'grid_worker', SPLIT, at(1440));
      expect(outcome.kind).toBe('raised');
      if (outcome.kind !== 'raised') return;
      expect(outcome.from).toMatchObject({ level: 'grid_worker', missedAt: at(1440) });
      expect(outcome.to).toEqual({
        level: 'village_committee',
        startedAt: at(1440),
        dueAt: new Date(at(1440).getTime() + 172_800_000),
        missedAt: null,
      });
      expect(outcome.mediation.levels).toHaveLength(2);
    });

    it('the same deadline again, or a stale level, has no effect', () => {
      const once = levelDeadlineReached(opened(), 'grid_worker', SPLIT, at(1440));
      if (once.kind !== 'raised') throw new Error('expected a raise');
      expect(levelDeadlineReached(once.mediation, 'grid_worker', SPLIT, at(1441)).kind).toBe('ignored');
    });

    it('climbs to the town government, where a missed deadline is recorded but goes nowhere', () => {
      let m = opened();
      for (const level of ['grid_worker', 'village_committee', 'town_center'] as const) {
        const outcome = levelDeadlineReached(m, level, SPLIT, currentLevel(m).dueAt);
        if (outcome.kind !== 'raised') throw new Error(`expected ${level} to be raised`);
        m = outcome.mediation;
      }
      expect(currentLevel(m).level).toBe('town_government');
      // The whole ladder is the seven days.
      expect(currentLevel(m).dueAt.getTime() - T0.getTime()).toBe(7 * 86_400_000);
      const top = levelDeadlineReached(m, 'town_government', SPLIT, currentLevel(m).dueAt);
      expect(top.kind).toBe('top_level_missed');
      if (top.kind === 'top_level_missed') {
        expect(currentLevel(top.mediation).missedAt).toEqual(currentLevel(m).dueAt);
        expect(levelDeadlineReached(top.mediation, 'town_government', SPLIT, at(99999)).kind).toBe('ignored');
      }
    });

    it('a closed mediation does not climb', () => {
      const failed = failMediation(opened(), { reason: 'no agreement', referral: 'litigation' }, at(60));
      expect(levelDeadlineReached(failed, 'grid_worker', SPLIT, at(1440)).kind).toBe('ignored');
    });
  });

  describe('an agreement (art. 29)', () => {
    it('takes effect at the last signature and closes the mediation', () => {
      const { mediation, agreement } = reachAgreement(
        withSession(opened()),
        { id: 'a-1', content: content(), caseParties: ['王某', '李某'] },
        at(320),
      );
      expect(agreement.effectiveAt).toEqual(at(310));
      expect(mediation).toMatchObject({ state: 'agreed', agreementId: 'a-1', mediatorId: 'mediator-zhang' });
    });

    it('names the parties who did not sign', () => {
      expect(() =>
        reachAgreement(
          withSession(opened()),
          { id: 'a', content: content(), caseParties: ['王某', '李某', '张某'] },
          at(320),
        ),
      ).toThrow(
        expect.objectContaining({
          code: 'PARTY_SIGNATURE_MISSING',
          message: expect.stringContaining('张某'),
          details: { field: 'partySignatures' },
        }),
      );
    });

    it('refuses a signature by someone who is not a party, twice by one party, or in the future', () => {
      const m = withSession(opened());
      const sign = (partySignatures: AgreementContent['partySignatures']) => () =>
        reachAgreement(m, { id: 'a', content: content({ partySignatures }), caseParties: ['王某'] }, at(320));
      expect(sign([{ party: '赵某', signedAt: at(300) }])).toThrow(
        expect.objectContaining({ code: 'SIGNATURE_NOT_A_PARTY' }),
      );
      expect(
        sign([
          { party: '王某', signedAt: at(300) },
          { party: '王某', signedAt: at(301) },
        ]),
      ).toThrow(expect.objectContaining({ code: 'SIGNATURE_DUPLICATED' }));
      expect(sign([{ party: '王某', signedAt: at(400) }])).toThrow(
        expect.objectContaining({ code: 'TIME_IN_FUTURE' }),
      );
    });

    it('must be signed by the mediation’s mediator, after at least one session', () => {
      const m = withSession(opened(), 'mediator-li');
      expect(() =>
        reachAgreement(m, { id: 'a', content: content(), caseParties: ['王某', '李某'] }, at(320)),
      ).toThrow(expect.objectContaining({ code: 'MEDIATOR_SIGNATURE_MISMATCH' }));
      expect(() =>
        reachAgreement(opened(), { id: 'a', content: content(), caseParties: ['王某', '李某'] }, at(320)),
      ).toThrow(expect.objectContaining({ code: 'NO_SESSION_RECORDED' }));
    });

    it('cannot be recorded on a failed mediation', () => {
      const failed = failMediation(withSession(opened()), { reason: 'x', referral: 'none' }, at(200));
      expect(() =>
        reachAgreement(failed, { id: 'a', content: content(), caseParties: ['王某', '李某'] }, at(320)),
      ).toThrow(expect.objectContaining({ code: 'MEDIATION_CLOSED', kind: 'conflict' }));
      expect(() => failMediation(failed, { reason: 'again', referral: 'none' }, at(330))).toThrow(
        expect.objectContaining({ code: 'MEDIATION_CLOSED' }),
      );
    });
  });
});
