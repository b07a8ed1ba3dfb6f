import { SUMMARY_MAX_LENGTH, createEvent, DepartmentReassigned, WhistleBlown } from '@chuishao/contracts';
import { trailEntryOf } from './case-trail';

const caseId = '01900000-0000-7000-8000-000000000001';
const whistleId = '01900000-0000-7000-8000-000000000002';
const summonsId = '01900000-0000-7000-8000-000000000003';

describe('case trail', () => {
  it('reads an event into an entry with a one-line summary', () => {
    const blown = createEvent(WhistleBlown, {
      id: '01900000-0000-7000-8000-0000000000aa',
      occurredAt: '2018-10-08T02:00:00.000Z',
      caseId,
      correlationId: 'corr-1',
      actor: { role: 'operator', id: 'op-1' },
      payload: {
        whistleId,
        caseNo: 'ALZ-2018-000001',
        centerId: 'anlizha-village',
        disputeType: 'road_traffic',
        urgency: 'urgent',
        reason: null,
        blownAt: '2018-10-08T02:00:00.000Z',
        arrivalDeadline: '2018-10-08T02:30:00.000Z',
        slaSeconds: 1800,
        summons: [
          {
            summonsId,
            departmentId: 'traffic',
            departmentName: 'Traffic police',
            departmentKind: 'traffic_police',
          },
        ],
      },
    });
    expect(trailEntryOf(blown, 'whistles')).toEqual({
      eventId: blown.id,
      caseId,
      type: 'WhistleBlown',
      version: 1,
      topic: 'whistles',
      occurredAt: new Date('2018-10-08T02:00:00.000Z'),
      actor: { role: 'operator', id: 'op-1' },
      correlationId: 'corr-1',
      causationId: null,
      summary: 'Whistle blown: traffic to be on site by 2018-10-08T02:30:00.000Z',
    });
  });

  it('keeps summaries short, on one line, in the sentence the workstation shows', () => {
    const reassigned = createEvent(DepartmentReassigned, {
      id: '01900000-0000-7000-8000-0000000000bb',
      occurredAt: new Date(),
      caseId,
      correlationId: 'corr-1',
      actor: { role: 'operator', id: 'op-1' },
      payload: {
        whistleId,
        caseNo: 'ALZ-2018-000001',
        fromDepartmentId: 'traffic',
        fromSummonsId: summonsId,
        to: { summonsId, departmentId: 'judicial', departmentName: 'Judicial office', departmentKind: 'x' },
        reason: `busy\n${'x'.repeat(5000)}`,
        reassignedAt: new Date().toISOString(),
        arrivalDeadline: new Date().toISOString(),
      },
    });
    // The workstation's sentence of a reassignment names both departments; the reason stays out.
    const { summary } = trailEntryOf(reassigned, 'whistles');
    expect(summary.length).toBeLessThanOrEqual(SUMMARY_MAX_LENGTH);
    expect(summary).toBe('traffic replaced by judicial');
  });
});
