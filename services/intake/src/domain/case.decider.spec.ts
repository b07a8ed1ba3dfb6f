import { applyTransition, transitionAllowed } from '@chuishao/kernel';
import { caseDecider, caseTransition, decide } from './case.decider';
import { T0, at, close, given, progress, refer, register, ruling } from './case.given';

describe('the Case decider (given / when / then, no database)', () => {
  it('given nothing, when a clerk registers, then the case is registered with its parties checked and masked', () => {
    const [event] = decide(register(), null);
    expect(event).toMatchObject({
      type: 'CaseRegistered',
      dispute: {
        caseNo: 'ALZ-2018-000001',
        status: 'registered',
        summary: 'A villager petitions after his daughter died in a road accident.',
        registeredAt: T0,
        parties: [
          { id: 'party-1', name: '王某', idNumberMasked: '6207**********1234', phoneMasked: '139****1234' },
          { id: 'party-2', name: '李某', idNumberMasked: null },
        ],
      },
    });
    expect(given().state).toEqual({
      id: register().id,
      caseNo: 'ALZ-2018-000001',
      centerId: 'anlizha-village',
      status: 'registered',
      statusChangedAt: T0,
      closedAt: null,
      closeReason: null,
      followUpDueAt: null,
      followedUpAt: null,
    });
  });

  it('refuses a blank summary, a case without an applicant, and a second registration', () => {
    expect(() => decide(register({ summary: ' \n ' }), null)).toThrow(
      expect.objectContaining({ code: 'SUMMARY_REQUIRED' }),
    );
    expect(() => decide(register({ parties: [{ role: 'respondent', name: '李某' }] }), null)).toThrow(
      expect.objectContaining({ code: 'APPLICANT_REQUIRED' }),
    );
    expect(() => given().when(register())).toThrow(expect.objectContaining({ code: 'CASE_EXISTS' }));
  });

  it('given a registered case, when the flow reports progress in order, then it follows SPEC', () => {
    const { events, then } = given(register(), progress('whistled', at(1))).when(progress('on_site', at(30)));
    expect(events).toEqual([{ type: 'ProgressRecorded', status: 'on_site', at: at(30) }]);
    expect(then).toMatchObject({ status: 'on_site', statusChangedAt: at(30) });
  });

  it('given a case further on, when an earlier move arrives late or twice, then nothing changes', () => {
    const onSite = given(register(), progress('on_site', at(30)));
    expect(onSite.when(progress('whistled', at(1))).events).toEqual([]);
    expect(onSite.when(progress('on_site', at(31))).events).toEqual([]);
    // A failed mediation stays failed on a late agreement; a rejection stays on a late grant.
    expect(
      given(register(), progress('mediation_failed', at(90))).when(progress('agreement_reached', at(91)))
        .events,
    ).toEqual([]);
    expect(
      given(register(), progress('rejected', at(90))).when(progress('confirmed', at(91))).events,
    ).toEqual([]);
  });

  it('when a clerk closes, then the case is closed with its reason; a second close is refused', () => {
    const { events, then } = given().when(close(' withdrawn ', at(60)));
    expect(events).toEqual([
      { type: 'CaseClosed', reason: 'withdrawn', at: at(60) },
      { type: 'FollowUpScheduled', closedAt: at(60), dueAt: at(60 + 72 * 60) },
    ]);
    expect(then).toMatchObject({
      status: 'closed',
      closedAt: at(60),
      closeReason: 'withdrawn',
      statusChangedAt: at(60),
    });
    expect(() => given(register(), close()).when(close('again'))).toThrow(
      expect.objectContaining({ code: 'CASE_ALREADY_CLOSED' }),
    );
    expect(() => given().when(close('  '))).toThrow(
      expect.objectContaining({ code: 'CLOSE_REASON_REQUIRED' }),
    );
    // Closed is last: no progress moves a closed case.
    expect(given(register(), close()).when(progress('on_site', at(90))).events).toEqual([]);
  });

  it('when the court rules, then the case takes the ruling, dated by it, and closes', () => {
    const pending = given(register(), progress('confirmation_pending', at(100)));
    const { events, then } = pending.when(ruling('confirmed', at(200), at(201), 'x'.repeat(1500)));
    expect(events).toEqual([
      { type: 'ProgressRecorded', status: 'confirmed', at: at(200) },
      { type: 'CaseClosed', reason: 'x'.repeat(1000), at: at(201) },
      { type: 'FollowUpScheduled', closedAt: at(201), dueAt: at(201 + 72 * 60) },
    ]);
    expect(then).toMatchObject({ status: 'closed', closedAt: at(201) });
  });

  it('given a case a clerk closed, when the court rules, then nothing changes and nothing is refused', () => {
    expect(given(register(), close()).when(ruling('rejected', at(200), at(201))).events).toEqual([]);
  });

  it('given no case, when anything but a registration comes, then CASE_NOT_FOUND', () => {
    expect(() => decide(progress('whistled', at(1)), null)).toThrow(
      expect.objectContaining({ code: 'CASE_NOT_FOUND' }),
    );
  });

  it('names progress as the usual event, which decide answers exactly when its transition holds', () => {
    const registered = given().state;
    const usual = caseDecider.usual!(progress('whistled', at(1)))!;
    expect(transitionAllowed(registered, caseTransition(usual))).toBe(true);
    expect(decide(progress('whistled', at(1)), registered)).toEqual([usual]);
    expect(applyTransition(registered, caseTransition(usual))).toEqual(caseDecider.evolve(registered, usual));
    expect(caseDecider.usual!(close())).toBeNull();
  });

  it('given an open case, when it is referred up, then it is the town center’s, its status unchanged', () => {
    const { events, then } = given(register(), progress('whistled', at(5))).when(refer());
    expect(events).toEqual([
      {
        type: 'CaseReferred',
        direction: 'up',
        from: expect.objectContaining({ id: 'anlizha-village', tier: 'village' }),
        to: expect.objectContaining({ id: 'shangqin-town', tier: 'town' }),
        reason: 'involves land of three villages',
        at: at(30),
      },
    ]);
    expect(then).toMatchObject({ centerId: 'shangqin-town', status: 'whistled', statusChangedAt: at(5) });
    // …and handed back down later: the village holds it again.
    const back = given(register(), refer()).when(
      refer('anlizha-village', 'down', 'a village matter after all', at(40), 'shangqin-town'),
    );
    expect(back.then.centerId).toBe('anlizha-village');
  });

  it('refuses a referral without a reason, to a center that is no neighbour, or of a closed case', () => {
    expect(() => given().when(refer('shangqin-town', 'up', '  '))).toThrow(
      expect.objectContaining({ code: 'REFERRAL_REASON_REQUIRED', field: 'reason' }),
    );
    expect(() => given().when(refer('shangqin-town', 'up', 'x'.repeat(501)))).toThrow(
      expect.objectContaining({ code: 'REFERRAL_REASON_TOO_LONG' }),
    );
    expect(() => given().when(refer('ganzhou-district', null))).toThrow(
      expect.objectContaining({ code: 'REFERRAL_NOT_NEIGHBOUR' }),
    );
    expect(() => given(register(), close()).when(refer())).toThrow(
      expect.objectContaining({ code: 'CASE_ALREADY_CLOSED' }),
    );
  });
});
