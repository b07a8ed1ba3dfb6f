/**
 * The legal calendar's holiday schedules as ops loads them each November (issue #19 item 4):
 * judicial-confirmation takes the load and tells mediation. This only reads what ops typed and
 * which years each service knows; judicial-confirmation checks the schedule itself.
 */
export interface HolidaySchedule {
  year: number;
  source: string;
  holidays: Array<{ name: string; from: string; to: string }>;
  makeUpWorkdays: string[];
}

export interface KnownSchedule {
  year: number;
  origin: 'published' | 'loaded';
  loadedAt?: string;
}

/** What ops starts from: next year's skeleton, to fill in from the State Council's notice. */
export function scheduleTemplate(now: Date): string {
  const year = new Date(now.getTime() + 8 * 3_600_000).getUTCFullYear() + 1;
  const draft: HolidaySchedule = {
    year,
    source: `国务院办公厅关于${year}年部分节假日安排的通知`,
    holidays: [{ name: '元旦', from: `${year}-01-01`, to: `${year}-01-01` }],
    makeUpWorkdays: [],
  };
  return JSON.stringify(draft, null, 2);
}

/** The typed text as a schedule, or why it is not one (the service names wrong dates itself). */
export function readScheduleDraft(text: string): { schedule: HolidaySchedule } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: 'json' };
  }
  const v = value as Partial<HolidaySchedule> | null;
  if (!v || typeof v !== 'object' || Array.isArray(v)) return { error: 'json' };
  if (!Number.isInteger(v.year)) return { error: 'year' };
  if (typeof v.source !== 'string' || !v.source.trim()) return { error: 'source' };
  if (!Array.isArray(v.holidays) || v.holidays.length === 0) return { error: 'holidays' };
  if (!Array.isArray(v.makeUpWorkdays)) return { error: 'makeUpWorkdays' };
  return { schedule: v as HolidaySchedule };
}

/** Per year judicial-confirmation knows: whether mediation counts with the same schedule yet. */
export function scheduleReach(
  judicial: readonly KnownSchedule[],
  mediation: readonly KnownSchedule[],
): Array<KnownSchedule & { inMediation: boolean }> {
  return judicial.map((s) => {
    const there = mediation.find((m) => m.year === s.year);
    const inMediation =
      !!there && there.origin === s.origin && (s.origin === 'published' || there.loadedAt === s.loadedAt);
    return { ...s, inMediation };
  });
}
