import { monthlyFigures, reportMonth, type MonthlyCaseFact } from './monthly-report';

const NOVEMBER = reportMonth('2026-11');
const at = (iso: string) => new Date(iso);
const fact = (overrides: Partial<MonthlyCaseFact>): MonthlyCaseFact => ({
  caseId: 'c',
  registeredAt: null,
  headcount: null,
  whistleBlownAt: null,
  agreementAt: null,
  mediationFailedAt: null,
  closedAt: null,
  tier: 'village',
  ...overrides,
});

describe('the monthly report', () => {
  it('takes the month on Beijing time, and refuses anything but YYYY-MM naming `month`', () => {
    expect(NOVEMBER.from.toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(NOVEMBER.to.toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(reportMonth('2026-12').to.toISOString()).toBe('2026-12-31T16:00:00.000Z');
    for (const bad of ['2026-13', '2026-1', '26-11', '2026-11-01', ''])
      expect(() => reportMonth(bad)).toThrow(
        expect.objectContaining({ code: 'INVALID_MONTH', field: 'month' }),
      );
  });

  it('counts registrations, visits and people, each figure by its own date in the month', () => {
    const figures = monthlyFigures(
      [
        fact({ registeredAt: at('2026-10-31T16:00:00Z'), headcount: 3 }), // 1 November 00:00 Beijing
        fact({ registeredAt: at('2026-11-15T02:00:00Z'), headcount: 2 }),
        fact({ registeredAt: at('2026-10-31T15:59:59Z'), headcount: 9 }), // still October there
        fact({ registeredAt: at('2026-11-30T16:00:00Z'), headcount: 9 }), // December there
      ],
      NOVEMBER,
      3600,
    );
    expect(figures).toMatchObject({ disputesHandled: 2, batches: 2, personVisits: 5 });
  });

  it('rates mediations ended, on-site resolutions of whistled cases, and resolution by tier', () => {
    const figures = monthlyFigures(
      [
        // whistled, agreed 30 minutes later: on site
        fact({
          whistleBlownAt: at('2026-11-02T01:00:00Z'),
          agreementAt: at('2026-11-02T01:30:00Z'),
          closedAt: at('2026-11-02T02:00:00Z'),
          tier: 'village',
        }),
        // whistled, agreed two days later: not on site
        fact({
          whistleBlownAt: at('2026-11-03T01:00:00Z'),
          agreementAt: at('2026-11-05T01:00:00Z'),
          closedAt: at('2026-11-05T02:00:00Z'),
          tier: 'town',
        }),
        // failed, referred to the district, closed there
        fact({
          mediationFailedAt: at('2026-11-07T01:00:00Z'),
          closedAt: at('2026-11-08T01:00:00Z'),
          tier: 'district',
        }),
        // agreed in October: not this month's
        fact({ agreementAt: at('2026-10-07T01:00:00Z'), closedAt: at('2026-10-08T01:00:00Z') }),
      ],
      NOVEMBER,
      3600,
    );
    expect(figures).toMatchObject({
      mediationsSucceeded: 2,
      mediationsEnded: 3,
      mediationSuccessRate: 0.6667,
      whistled: 2,
      resolvedOnSite: 1,
      onSiteResolutionRate: 0.5,
      resolved: 3,
      resolvedAt: { village: 1, town: 1, district: 1 },
      resolvedShares: { village: 0.3333, town: 0.3333, district: 0.3333 },
    });
  });

  it('leaves a rate empty (null, never 0) when there is nothing to rate', () => {
    const figures = monthlyFigures([], NOVEMBER, 3600);
    expect(figures).toMatchObject({
      disputesHandled: 0,
      personVisits: 0,
      mediationSuccessRate: null,
      onSiteResolutionRate: null,
      resolvedShares: { village: null, town: null, district: null },
    });
  });
});
