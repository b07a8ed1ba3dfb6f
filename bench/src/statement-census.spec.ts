import { censusPerWhistle, censusWindow } from './statement-census';

describe('the statement census', () => {
  const roleOf = new Map([
    ['b1_dispatch_runtime', 'dispatch'],
    ['b1_intake_runtime', 'intake'],
  ]);

  it("a window is each service's statements and COMMITs between two snapshots", () => {
    const before = {
      roles: {
        b1_dispatch_runtime: { statements: 100, transactions: 10 },
        postgres: { statements: 5, transactions: 0 },
      },
      databaseTransactions: 1000,
    };
    const after = {
      roles: {
        b1_dispatch_runtime: { statements: 160, transactions: 22 },
        b1_intake_runtime: { statements: 30, transactions: 3 },
        postgres: { statements: 25, transactions: 0 },
      },
      databaseTransactions: 1100,
    };
    expect(censusWindow(roleOf, before, after)).toEqual({
      statements: { dispatch: 60, intake: 30 },
      explicitTransactions: { dispatch: 12, intake: 3 },
      // The bench's own 20 statements (each a transaction of its own) are not the services'.
      databaseTransactions: 80,
    });
  });

  it('per whistle sums the windows of every run before dividing', () => {
    const run = {
      statements: { dispatch: 60, intake: 30 },
      explicitTransactions: { dispatch: 12, intake: 3 },
      databaseTransactions: 40,
    };
    expect(censusPerWhistle([run, run], 4)).toEqual({
      statementsPerWhistle: 45,
      transactionsPerWhistle: 20,
      byService: {
        dispatch: { statements: 30, explicitTransactions: 6 },
        intake: { statements: 15, explicitTransactions: 1.5 },
      },
    });
  });
});
