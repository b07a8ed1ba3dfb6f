import { describe, expect, it } from 'vitest';
import { readScheduleDraft, scheduleReach, scheduleTemplate } from './holiday-schedule';

describe('holiday schedules as ops loads them', () => {
  it('starts from next year in Beijing time (31 December 17:00 UTC is already the new year there)', () => {
    expect(JSON.parse(scheduleTemplate(new Date('2026-12-04T08:00:00Z'))).year).toBe(2027);
    expect(JSON.parse(scheduleTemplate(new Date('2026-12-31T17:00:00Z'))).year).toBe(2028);
  });

  it('reads a draft, or names what is missing', () => {
    expect(readScheduleDraft('{')).toEqual({ error: 'json' });
    expect(readScheduleDraft('{"year":"2027"}')).toEqual({ error: 'year' });
    expect(readScheduleDraft('{"year":2027,"source":"通知","holidays":[]}')).toEqual({ error: 'holidays' });
    const draft = scheduleTemplate(new Date('2026-12-04T08:00:00Z'));
    expect(readScheduleDraft(draft)).toEqual({ schedule: JSON.parse(draft) });
  });

  it('says whether mediation counts with the same load as judicial-confirmation', () => {
    const judicial = [
      { year: 2026, origin: 'published' as const },
      { year: 2027, origin: 'loaded' as const, loadedAt: '2026-11-20T08:00:00.000Z' },
    ];
    expect(scheduleReach(judicial, [{ year: 2026, origin: 'published' }]).map((s) => s.inMediation)).toEqual([
      true,
      false,
    ]);
    expect(
      scheduleReach(judicial, [
        { year: 2026, origin: 'published' },
        { year: 2027, origin: 'loaded', loadedAt: '2026-11-20T08:00:00.000Z' },
      ]).every((s) => s.inMediation),
    ).toBe(true);
  });
});
