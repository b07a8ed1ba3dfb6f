import { decideMovement, evolveMovement, stillAtBase, type MovementCommand } from './movement';
import { notifySummons, type Summons, type SummonsStatus } from './summons';

const at = new Date('2026-12-04T08:00:00.000Z');
const liaison = { role: 'liaison', departmentId: 'ganzhou-traffic-police' };

function given(status: SummonsStatus): Summons {
  return {
    ...notifySummons({
      id: '0193a000-0000-7000-8000-000000000001',
      whistleId: '0193a000-0000-7000-8000-000000000002',
      caseId: '0193a000-0000-7000-8000-000000000003',
      caseNo: 'ALZ-1',
      departmentId: 'ganzhou-traffic-police',
      centerId: 'anlizha-village',
      arrivalDeadline: new Date('2026-12-04T08:30:00.000Z'),
      notifiedAt: at,
    }),
    status,
  };
}
const enRoute = (etaMinutes: number, caller = liaison): MovementCommand => ({
  type: 'ReportEnRoute',
  summonsId: given('notified').id,
  caller,
  at,
  etaMinutes,
});
const departure: MovementCommand = {
  type: 'ReportDeparture',
  summonsId: given('notified').id,
  caller: liaison,
  at,
};

describe('a department on the move', () => {
  it('acknowledged, it sets off with an ETA; a second report revises the ETA', () => {
    const [event] = decideMovement(enRoute(20), given('acknowledged'), null);
    expect(event).toEqual({ type: 'EnRouteReported', at, etaAt: new Date('2026-12-04T08:20:00.000Z') });
    const moved = evolveMovement(stillAtBase(given('notified').id), event!);
    const [revised] = decideMovement(enRoute(35), given('acknowledged'), moved);
    expect(evolveMovement(moved, revised!).etaAt).toEqual(new Date('2026-12-04T08:35:00.000Z'));
  });

  it('not yet acknowledged, or past it, it cannot set off (409); an ETA out of range is a 400', () => {
    expect(() => decideMovement(enRoute(20), given('notified'), null)).toThrow(
      expect.objectContaining({ code: 'SUMMONS_NOT_ACKNOWLEDGED' }),
    );
    expect(() => decideMovement(enRoute(20), given('arrived'), null)).toThrow(
      expect.objectContaining({ code: 'SUMMONS_ALREADY_ARRIVED' }),
    );
    expect(() => decideMovement(enRoute(20), given('stood_down'), null)).toThrow(
      expect.objectContaining({ code: 'SUMMONS_STOOD_DOWN' }),
    );
    for (const minutes of [0, 721, 2.5])
      expect(() => decideMovement(enRoute(minutes), given('acknowledged'), null)).toThrow(
        expect.objectContaining({ code: 'ETA_OUT_OF_RANGE', field: 'etaMinutes' }),
      );
  });

  it('another department’s liaison sees no such summons; another role may not report', () => {
    expect(() =>
      decideMovement(
        enRoute(20, { role: 'liaison', departmentId: 'shangqin-judicial-office' }),
        given('acknowledged'),
        null,
      ),
    ).toThrow(expect.objectContaining({ code: 'SUMMONS_NOT_FOUND' }));
    expect(() =>
      decideMovement(enRoute(20, { role: 'operator', departmentId: '' }), given('acknowledged'), null),
    ).toThrow(expect.objectContaining({ code: 'ROLE_FORBIDDEN' }));
  });

  it('on site it may leave the scene, once; before arriving it may not', () => {
    const [left] = decideMovement(departure, given('arrived'), null);
    expect(left).toEqual({ type: 'DepartureReported', at });
    const gone = evolveMovement(stillAtBase(given('arrived').id), left!);
    expect(() => decideMovement(departure, given('arrived'), gone)).toThrow(
      expect.objectContaining({ code: 'SUMMONS_ALREADY_LEFT' }),
    );
    expect(() => decideMovement(departure, given('acknowledged'), null)).toThrow(
      expect.objectContaining({ code: 'SUMMONS_NOT_ON_SITE' }),
    );
  });
});
