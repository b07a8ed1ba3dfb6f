import { SUMMONS_ANSWER_APPLIES_FROM } from '@chuishao/contracts';
import {
  RESPONSE_APPLIES_FROM,
  activeSummons,
  blowWhistle,
  reassign,
  recordAcknowledged,
  recordArrived,
  recordDeclined,
  type Whistle,
} from './whistle';

const blownAt = new Date('2018-10-15T08:00:00Z');
let seq = 0;
const nextId = () => `s${++seq}`;

function whistleFor(...departments: string[]): Whistle {
  return blowWhistle({
    id: 'w1',
    caseId: 'c1',
    caseNo: 'ALZ-2018-000001',
    centerId: 'anlizha-village',
    reason: null,
    departments: departments.map((id) => ({ id, name: id, kind: id })),
    blownAt,
    slaSeconds: 1800,
    newSummonsId: nextId,
  });
}

describe('whistle', () => {
  it('summons every department with the deadline blownAt + SLA', () => {
    const whistle = whistleFor('traffic', 'judicial', 'town');
    expect(whistle.arrivalDeadline.toISOString()).toBe('2018-10-15T08:30:00.000Z');
    expect(whistle.summons.map((s) => [s.departmentId, s.status])).toEqual([
      ['traffic', 'notified'],
      ['judicial', 'notified'],
      ['town', 'notified'],
    ]);
  });

  it('refuses a whistle with nobody to summon', () => {
    expect(() => whistleFor()).toThrow(expect.objectContaining({ code: 'NO_DEPARTMENTS' }));
  });

  it('completes exactly once, when the last department arrives', () => {
    const whistle = whistleFor('traffic', 'judicial');
    const [traffic, judicial] = whistle.summons;
    recordAcknowledged(whistle, traffic.id, new Date('2018-10-15T08:05:00Z'));
    expect(recordArrived(whistle, traffic.id, new Date('2018-10-15T08:20:00Z'))).toBe(false);
    expect(recordArrived(whistle, judicial.id, new Date('2018-10-15T08:29:00Z'))).toBe(true);
    expect(whistle.status).toBe('completed');
    expect(whistle.completedAt?.toISOString()).toBe('2018-10-15T08:29:00.000Z');
    expect(recordArrived(whistle, judicial.id, new Date('2018-10-15T08:31:00Z'))).toBe(false);
    expect(judicial.arrivedAt?.toISOString()).toBe('2018-10-15T08:29:00.000Z');
  });

  it('does not complete while a declined department is not replaced', () => {
    const whistle = whistleFor('traffic', 'town');
    const [traffic, town] = whistle.summons;
    recordDeclined(whistle, town.id, 'no staff on duty', blownAt);
    expect(recordArrived(whistle, traffic.id, blownAt)).toBe(false);
    expect(whistle.status).toBe('open');
  });

  it('replaces a declined department with a fresh summons and deadline, then completes', () => {
    const whistle = whistleFor('traffic', 'town');
    const [traffic, town] = whistle.summons;
    recordArrived(whistle, traffic.id, blownAt);
    recordDeclined(whistle, town.id, 'no staff on duty', blownAt);
    const now = new Date('2018-10-15T08:10:00Z');
    const { from, to } = reassign(
      whistle,
      'town',
      { id: 'police', name: 'Police station', kind: 'police_station' },
      now,
      'new',
    );
    expect(from.status).toBe('replaced');
    expect(from.replacedBySummonsId).toBe('new');
    expect(to.arrivalDeadline.toISOString()).toBe('2018-10-15T08:40:00.000Z');
    expect(activeSummons(whistle).map((s) => s.departmentId)).toEqual(['traffic', 'police']);
    expect(recordArrived(whistle, 'new', now)).toBe(true);
  });

  it('refuses to replace a department that has not declined, or with one already summoned', () => {
    const whistle = whistleFor('traffic', 'town');
    expect(() => reassign(whistle, 'town', { id: 'x', name: 'x', kind: 'x' }, blownAt, 'n1')).toThrow(
      expect.objectContaining({ code: 'SUMMONS_NOT_DECLINED' }),
    );
    recordDeclined(whistle, whistle.summons[1].id, 'busy', blownAt);
    expect(() => reassign(whistle, 'town', { id: 'traffic', name: 'x', kind: 'x' }, blownAt, 'n2')).toThrow(
      expect.objectContaining({ code: 'DEPARTMENT_ALREADY_SUMMONED' }),
    );
    expect(() => reassign(whistle, 'nobody', { id: 'y', name: 'y', kind: 'y' }, blownAt, 'n3')).toThrow(
      expect.objectContaining({ code: 'DEPARTMENT_NOT_SUMMONED' }),
    );
  });

  it('given a declined summons, when an arrival for it is read, then it stays declined: a decline is final (SPEC)', () => {
    const whistle = whistleFor('traffic', 'town');
    const [traffic, town] = whistle.summons;
    recordArrived(whistle, traffic.id, blownAt);
    recordDeclined(whistle, town.id, 'no staff on duty', blownAt);
    expect(recordArrived(whistle, town.id, new Date('2018-10-15T08:12:00Z'))).toBe(false);
    expect(town.status).toBe('declined');
    expect(town.arrivedAt).toBeNull();
    expect(whistle.status).toBe('open');
  });

  it('given a replaced summons, when any answer for it is read, then nothing changes', () => {
    const whistle = whistleFor('traffic', 'town');
    const [, town] = whistle.summons;
    recordDeclined(whistle, town.id, 'no staff on duty', blownAt);
    reassign(whistle, 'town', { id: 'police', name: 'Police station', kind: 'police_station' }, blownAt, 'n');
    recordAcknowledged(whistle, town.id, blownAt);
    expect(recordArrived(whistle, town.id, blownAt)).toBe(false);
    recordDeclined(whistle, town.id, 'again', blownAt);
    expect(town).toMatchObject({ status: 'replaced', arrivedAt: null, declineReason: 'no staff on duty' });
  });

  it("reads the one rule of a summons' life from libs/contracts, for its guarded UPDATE as well", () => {
    expect(RESPONSE_APPLIES_FROM).toBe(SUMMONS_ANSWER_APPLIES_FROM);
  });

  it('ignores an acknowledgement after arrival and a decline after arrival', () => {
    const whistle = whistleFor('traffic', 'town');
    const [traffic] = whistle.summons;
    recordArrived(whistle, traffic.id, blownAt);
    recordAcknowledged(whistle, traffic.id, blownAt);
    recordDeclined(whistle, traffic.id, 'late message', blownAt);
    expect(traffic.status).toBe('arrived');
  });
});
