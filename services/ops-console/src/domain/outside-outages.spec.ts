import { OUTSIDE_HEALTH_STREAM_ID, type ContractEvent } from '@chuishao/contracts';
import { outageChangeOf } from './outside-outages';

const envelope = {
  id: 'e',
  version: 1,
  caseId: OUTSIDE_HEALTH_STREAM_ID,
  correlationId: 'c',
  causationId: null,
};
const actor = { role: 'system' as const, id: 'chuishao' };

describe('what an outside-health event says of an outage', () => {
  it('a department webhook’s detection opens the outage from the first failure', () => {
    const event = {
      ...envelope,
      type: 'DepartmentWebhookOutageDetected',
      occurredAt: '2026-12-04T08:05:00.000Z',
      actor,
      payload: {
        departmentId: 'ganzhou-traffic-police',
        consecutiveFailures: 5,
        lastError: 'timeout',
        failingSince: '2026-12-04T08:00:00.000Z',
      },
    } as ContractEvent;
    expect(outageChangeOf(event as never)).toEqual({
      party: 'department-webhook',
      partyId: 'ganzhou-traffic-police',
      since: new Date('2026-12-04T08:00:00.000Z'),
      detectedAt: new Date('2026-12-04T08:05:00.000Z'),
      lastError: 'timeout',
    });
  });

  it('a court’s end closes the outage its silence began', () => {
    const event = {
      ...envelope,
      type: 'CourtOutageEnded',
      occurredAt: '2026-12-04T09:00:00.000Z',
      actor,
      payload: {
        courtId: 'court-simulator',
        silentSince: '2026-12-04T08:00:00.000Z',
        answeredAt: '2026-12-04T09:00:00.000Z',
      },
    } as ContractEvent;
    expect(outageChangeOf(event as never)).toEqual({
      party: 'court',
      partyId: 'court-simulator',
      since: new Date('2026-12-04T08:00:00.000Z'),
      endedAt: new Date('2026-12-04T09:00:00.000Z'),
    });
  });
});
