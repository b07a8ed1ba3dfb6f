import { CASE_STATUSES, DISPUTE_TYPES } from '@chuishao/contracts';
import { InvalidError } from '@chuishao/kernel';
import {
  checkOpen311Location,
  open311ApplicantName,
  open311Period,
  open311StatusNote,
  open311StatusOf,
  open311Summary,
} from './open311';
import { newOpen311Key, open311KeyHash, wellFormedOpen311Key } from './open311-key';
import { OPEN311_SERVICES, open311ServiceByCode, open311ServiceOf } from './open311-services';

const nowhere = { lat: null, long: null, addressString: null, addressId: null };

function fieldOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    if (error instanceof InvalidError) return (error.details as { field?: string }).field;
    throw error;
  }
  return undefined;
}

describe('Open311 GeoReport v2 in intake terms', () => {
  it('given each case status, then only a closed case reads closed (a reopened one is open again)', () => {
    for (const status of CASE_STATUSES)
      expect(open311StatusOf(status)).toBe(status === 'closed' ? 'closed' : 'open');
    expect(open311StatusOf('reopened')).toBe('open');
    expect(open311StatusNote('closed')).toBe('已办结');
    for (const status of CASE_STATUSES) expect(open311StatusNote(status)).toMatch(/\S/);
  });

  it('given the service list, then every dispute type has exactly one code, and codes are unique', () => {
    expect(OPEN311_SERVICES.map((s) => s.disputeType).sort()).toEqual([...DISPUTE_TYPES].sort());
    expect(new Set(OPEN311_SERVICES.map((s) => s.code)).size).toBe(OPEN311_SERVICES.length);
    expect(open311ServiceByCode('TJ-402')?.disputeType).toBe('road_traffic');
    expect(open311ServiceByCode('road_traffic')).toBeUndefined();
    expect(open311ServiceOf('neighbour').code).toBe('TJ-102');
  });

  it('given a location, then lat and long come together, or an address does, or the request is refused naming the field', () => {
    expect(checkOpen311Location({ ...nowhere, lat: 36.1, long: 103.8 }).lat).toBe(36.1);
    expect(checkOpen311Location({ ...nowhere, addressString: '  安立寨村 ' }).addressString).toBe('安立寨村');
    expect(checkOpen311Location({ ...nowhere, addressId: 'A-1' }).addressId).toBe('A-1');
    expect(fieldOf(() => checkOpen311Location({ ...nowhere, lat: 36.1 }))).toBe('long');
    expect(fieldOf(() => checkOpen311Location({ ...nowhere, long: 103.8 }))).toBe('lat');
    expect(fieldOf(() => checkOpen311Location({ ...nowhere, addressString: '   ' }))).toBe('lat');
  });

  it('given what the resident wrote, then the summary and the applicant read in Chinese order', () => {
    expect(open311Summary(' 邻居占道 ', '邻里纠纷', '安立寨村')).toBe('邻居占道（地点：安立寨村）');
    expect(open311Summary(null, '邻里纠纷', null)).toBe('邻里纠纷');
    expect(open311ApplicantName('小明', '王')).toBe('王小明');
    expect(open311ApplicantName(null, ' ')).toBe('匿名市民');
  });

  it('given no dates, then a list covers the 90 days up to now; an end before its start is refused', () => {
    const now = new Date('2026-12-04T00:00:00Z');
    expect(open311Period(null, null, now)).toEqual({ start: new Date('2026-09-05T00:00:00Z'), end: now });
    const end = new Date('2026-01-31T00:00:00Z');
    expect(open311Period(null, end, now).start).toEqual(new Date('2025-11-02T00:00:00Z'));
    expect(fieldOf(() => open311Period(now, end, now))).toBe('start_date');
  });

  it('makes random keys and keeps only their hash', () => {
    const a = newOpen311Key();
    expect(wellFormedOpen311Key(a.key)).toBe(true);
    expect(a.key).not.toBe(newOpen311Key().key);
    expect(a.hash).toBe(open311KeyHash(a.key));
    expect(a.hash).not.toContain(a.key);
    expect(wellFormedOpen311Key('short')).toBe(false);
    expect(wellFormedOpen311Key(undefined)).toBe(false);
  });
});
