import { advanceStatus, statusImpliedBy, statusesMovedBy } from './case-status';

describe('the case status read from every topic', () => {
  it('follows the flow of SPEC', () => {
    let status = advanceStatus(null, 'CaseRegistered');
    for (const [type, expected] of [
      ['WhistleBlown', 'whistled'],
      ['WhistleCompleted', 'on_site'],
      ['MediationOpened', 'mediating'],
      ['AgreementReached', 'agreement_reached'],
      ['ConfirmationRequested', 'confirmation_pending'],
      ['ConfirmationGranted', 'confirmed'],
      ['CaseClosed', 'closed'],
    ] as const) {
      status = advanceStatus(status, type);
      expect(status).toBe(expected);
    }
  });

  it('never moves back when an earlier event arrives late from another topic', () => {
    expect(advanceStatus('on_site', 'WhistleBlown')).toBe('on_site');
    expect(advanceStatus('whistled', 'CaseRegistered')).toBe('whistled');
    expect(advanceStatus(null, 'WhistleCompleted')).toBe('on_site');
  });

  it('ignores types that say nothing about the case state, including ones it has never heard of', () => {
    expect(statusImpliedBy('ArrivalWarningIssued')).toBeNull();
    expect(advanceStatus('whistled', 'SomethingNewHappened')).toBe('whistled');
    expect(advanceStatus(null, 'DeadlineScheduled')).toBeNull();
  });

  it('lists the statuses an event moves a case from, for the one-statement projection', () => {
    expect(statusesMovedBy('WhistleCompleted')).toEqual(['registered', 'whistled']);
    // Level ranks do not replace each other: a failed mediation stays failed on a late agreement.
    expect(statusesMovedBy('AgreementReached')).not.toContain('mediation_failed');
    expect(statusesMovedBy('CaseRegistered')).toEqual([]);
    expect(statusesMovedBy('ArrivalWarningIssued')).toEqual([]);
  });
});
