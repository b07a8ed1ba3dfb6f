import {
  caseProgressOf,
  caseStatusAfter,
  caseStatusImpliedBy,
  caseStatusesBefore,
  caseStatusesMovedBy,
  laterCaseStatus,
} from './case-status';

describe('the case status read from every topic (SPEC "Case states")', () => {
  it('given a registered case, when the events of the flow come in order, then it follows the flow of SPEC', () => {
    let status = caseStatusAfter(null, 'CaseRegistered');
    for (const [type, expected] of [
      ['WhistleBlown', 'whistled'],
      ['WhistleCompleted', 'on_site'],
      ['MediationOpened', 'mediating'],
      ['AgreementReached', 'agreement_reached'],
      ['ConfirmationRequested', 'confirmation_pending'],
      ['ConfirmationAccepted', 'confirmation_pending'],
      ['ConfirmationGranted', 'confirmed'],
      ['CaseClosed', 'closed'],
    ] as const) {
      status = caseStatusAfter(status, type);
      expect(status).toBe(expected);
    }
  });

  it('given a case further on, when an earlier event arrives late from another topic, then it never moves back', () => {
    expect(caseStatusAfter('on_site', 'WhistleBlown')).toBe('on_site');
    expect(caseStatusAfter('whistled', 'CaseRegistered')).toBe('whistled');
    expect(caseStatusAfter(null, 'WhistleCompleted')).toBe('on_site');
    expect(laterCaseStatus('on_site', 'whistled')).toBe('on_site');
    expect(laterCaseStatus('closed', 'on_site')).toBe('closed');
    expect(laterCaseStatus('whistled', 'whistled')).toBe('whistled');
    expect(laterCaseStatus('registered', 'whistled')).toBe('whistled');
  });

  it('ignores types that say nothing about the case state, including ones it has never heard of', () => {
    expect(caseStatusImpliedBy('ArrivalWarningIssued')).toBeNull();
    expect(caseStatusImpliedBy('toString')).toBeNull();
    expect(caseStatusAfter('whistled', 'SomethingNewHappened')).toBe('whistled');
    expect(caseStatusAfter(null, 'DeadlineScheduled')).toBeNull();
  });

  it('lists the statuses an event moves a case from, for the one-statement projection', () => {
    expect(caseStatusesMovedBy('WhistleCompleted')).toEqual(['registered', 'whistled']);
    // Level ranks do not replace each other: a failed mediation stays failed on a late agreement.
    expect(caseStatusesMovedBy('AgreementReached')).not.toContain('mediation_failed');
    expect(caseStatusesMovedBy('CaseRegistered')).toEqual([]);
    expect(caseStatusesMovedBy('ArrivalWarningIssued')).toEqual([]);
    expect(caseStatusesBefore('on_site')).toEqual(['registered', 'whistled']);
    expect(caseStatusesBefore('registered')).toEqual([]);
    // A rejection stays when a late grant arrives.
    expect(caseStatusesBefore('confirmed')).not.toContain('rejected');
  });

  it("given an event that moves a case, when it is read, then the move is dated by the payload's own time", () => {
    const occurredAt = '2018-10-15T08:31:00.000Z';
    expect(
      caseProgressOf({ type: 'WhistleBlown', occurredAt, payload: { blownAt: '2018-10-15T08:02:00.000Z' } }),
    ).toEqual({ status: 'whistled', at: new Date('2018-10-15T08:02:00.000Z') });
    expect(
      caseProgressOf({
        type: 'ConfirmationRejected',
        occurredAt,
        payload: { rejectedAt: '2018-11-01T09:00:00.000Z' },
      }),
    ).toEqual({ status: 'rejected', at: new Date('2018-11-01T09:00:00.000Z') });
    // A payload without its time (never valid, but a reader must not fail): the envelope's.
    expect(caseProgressOf({ type: 'CaseClosed', occurredAt, payload: null })).toEqual({
      status: 'closed',
      at: new Date(occurredAt),
    });
    expect(caseProgressOf({ type: 'DepartmentArrived', occurredAt, payload: {} })).toBeNull();
  });

  it('given a closed case, when an unsatisfied follow-up reopens it, then it is reopened, later progress does not move it, and a close closes it again', () => {
    let status = caseStatusAfter('closed', 'CaseReopened');
    expect(status).toBe('reopened');
    status = caseStatusAfter(status, 'WhistleBlown');
    expect(status).toBe('reopened');
    status = caseStatusAfter(status, 'CaseClosed');
    expect(status).toBe('closed');
    expect(caseStatusesMovedBy('CaseClosed')).toContain('reopened');
    expect(caseStatusesMovedBy('CaseReopened')).toEqual(expect.arrayContaining(['closed', 'registered']));
  });
});
