import { ownerMayCancel, toDeadlineTimerPayload } from './deadline';

describe('generic deadlines', () => {
  const scheduled = {
    id: '0190a0b0-0000-7000-8000-000000000001',
    caseId: '0190a0b0-0000-7000-8000-0000000000ca',
    correlationId: '0190a0b0-0000-7000-8000-0000000000c0',
    payload: { owner: 'mediation', kind: 'mediation.level', subjectId: 'm-1', context: { level: 2 } },
  };

  it('keeps what DeadlineReached needs to reach its owner, and its cause', () => {
    expect(toDeadlineTimerPayload(scheduled)).toEqual({
      owner: 'mediation',
      kind: 'mediation.level',
      subjectId: 'm-1',
      context: { level: 2 },
      caseId: scheduled.caseId,
      correlationId: scheduled.correlationId,
      scheduledBy: scheduled.id,
    });
  });

  it('defaults a missing context to empty', () => {
    const { context: _omitted, ...payload } = scheduled.payload;
    expect(toDeadlineTimerPayload({ ...scheduled, payload }).context).toEqual({});
  });

  it('lets only the owner cancel', () => {
    expect(ownerMayCancel({ owner: 'mediation' }, 'mediation')).toBe(true);
    expect(ownerMayCancel({ owner: 'mediation' }, 'judicial-confirmation')).toBe(false);
  });
});
