import { summarizeEvent } from './timeline';

describe('timeline summaries', () => {
  it('describes the whistle with the departments summoned and the deadline', () => {
    expect(
      summarizeEvent('WhistleBlown', {
        arrivalDeadline: '2018-10-15T08:30:00.000Z',
        summons: [{ departmentName: '交警大队' }, { departmentName: '司法所' }],
      }),
    ).toBe('whistle blown; summoned 交警大队, 司法所; arrive by 2018-10-15T08:30:00.000Z');
  });

  it('describes a type it has no rule for from its scalar payload fields, leaving out ids and personal data', () => {
    const summary = summarizeEvent('ConfirmationWindowReopened', {
      requestId: '0193a0c0-0000-7000-8000-000000000000',
      courtId: 'ganzhou-court',
      phone: '13909361234',
      reason: 'court asked for documents',
      nested: { a: 1 },
    });
    expect(summary).toBe('reason: court asked for documents');
    expect(summary).not.toContain('1390936');
  });

  it('never fails on an odd payload and keeps summaries short', () => {
    expect(summarizeEvent('CaseClosed', null)).toBe('closed: ');
    expect(summarizeEvent('AgreementReached', { terms: 'x'.repeat(1000) }).length).toBeLessThanOrEqual(300);
  });
});
