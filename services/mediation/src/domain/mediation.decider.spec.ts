import { currentLevel, type AgreementContent } from './mediation';
import { transitionAllowed } from '@chuishao/kernel';
import { decide, mediationTransition } from './mediation.decider';
import { T0, agree, at, content, fail, given, levelDeadline, ofType, open, session } from './mediation.given';

describe('the Mediation decider', () => {
  it('opens at its start level with that level’s deadline and distinct participants', () => {
    const { mediation: m } = given();
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
    const { then: m } = given().when(session('mediator-li'));
    expect(m.mediatorId).toBe('mediator-li');
    expect(m.sessionCount).toBe(1);
    expect(given(open(), session('mediator-li')).when(session('mediator-wu')).then.mediatorId).toBe(
      'mediator-li',
    );
  });

  it('leaves an untaken mediation untaken when a supervisor records the session', () => {
    const { then: m, events } = given().when(session('supervisor-wu', { takesCharge: false }));
    expect(m).toMatchObject({ mediatorId: null, sessionCount: 1 });
    expect(ofType(events, 'SessionRecorded').session).toMatchObject({
      mediatorId: 'supervisor-wu',
      tierLevel: 'grid_worker',
      participants: ['王某', '李某'],
    });
  });

  it('refuses a session that ends before it starts', () => {
    expect(() => given().when(session('m', { startedAt: at(10), endedAt: at(5), at: at(20) }))).toThrow(
      expect.objectContaining({ code: 'SESSION_ENDS_BEFORE_START', details: { field: 'endedAt' } }),
    );
  });

  it('records its time limit passing once, and only while open', () => {
    const { mediation: m, when } = given();
    expect(m.timeLimitDueAt).toEqual(new Date('2018-11-15T16:00:00.000Z'));
    const passed = when({ type: 'ReachTimeLimit', at: at(50_000) });
    expect(passed.events).toEqual([{ type: 'TimeLimitPassed', at: at(50_000) }]);
    expect(passed.then.timeLimitMissedAt).toEqual(at(50_000));
    expect(decide({ type: 'ReachTimeLimit', at: at(50_001) }, passed.then)).toEqual([]);
    expect(given(open(), fail(at(10))).when({ type: 'ReachTimeLimit', at: at(50_000) }).events).toEqual([]);
  });

  it('decides only events its transition table allows, and a closed mediation allows none of them', () => {
    const taken = given(open(), session());
    const events = [
      ...given().when(session()).events,
      ...taken.when(agree()).events,
      ...taken.when(fail()).events,
      ...taken.when(levelDeadline('grid_worker', at(1440))).events,
      ...taken.when({ type: 'ReachTimeLimit', at: at(50_000) }).events,
    ];
    expect(events.map((e) => e.type)).toEqual([
      'SessionRecorded',
      'AgreementReached',
      'MediationFailed',
      'LevelRaised',
      'TimeLimitPassed',
    ]);
    for (const event of events)
      expect(transitionAllowed(taken.mediation, mediationTransition(event))).toBe(true);
    const failed = given(open(), session(), fail()).mediation;
    for (const event of events) expect(transitionAllowed(failed, mediationTransition(event))).toBe(false);
  });

  describe('an agreement (art. 29)', () => {
    it('takes effect at the last signature and closes the mediation', () => {
      const { events, then } = given(open(), session()).when(agree());
      expect(ofType(events, 'AgreementReached').agreement.effectiveAt).toEqual(at(310));
      expect(then).toMatchObject({
        state: 'agreed',
        agreementId: 'a-1',
        mediatorId: 'mediator-zhang',
        closedAt: at(320),
      });
    });

    it('names the parties who did not sign', () => {
      expect(() => given(open(), session()).when(agree(['王某', '李某', '张某']))).toThrow(
        expect.objectContaining({
          code: 'PARTY_SIGNATURE_MISSING',
          message: expect.stringContaining('张某'),
          details: { field: 'partySignatures' },
        }),
      );
    });

    it('refuses a signature by someone who is not a party, twice by one party, or in the future', () => {
      const { when } = given(open(), session());
      const sign = (partySignatures: AgreementContent['partySignatures']) => () =>
        when(agree(['王某'], content({ partySignatures })));
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
      expect(() => given(open(), session('mediator-li')).when(agree())).toThrow(
        expect.objectContaining({ code: 'MEDIATOR_SIGNATURE_MISMATCH' }),
      );
      expect(() => given().when(agree())).toThrow(expect.objectContaining({ code: 'NO_SESSION_RECORDED' }));
    });

    it('cannot be recorded on a failed mediation', () => {
      const failed = given(open(), session(), fail(at(200)));
      expect(failed.mediation).toMatchObject({
        state: 'failed',
        closedAt: at(200),
        failure: { reason: 'no agreement', referral: 'litigation' },
      });
      expect(() => failed.when(agree())).toThrow(
        expect.objectContaining({ code: 'MEDIATION_CLOSED', kind: 'conflict' }),
      );
      expect(() => failed.when(fail(at(330)))).toThrow(expect.objectContaining({ code: 'MEDIATION_CLOSED' }));
      expect(() => failed.when(session())).toThrow(expect.objectContaining({ code: 'MEDIATION_CLOSED' }));
    });
  });
});
