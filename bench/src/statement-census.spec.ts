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
      failedStatements: 0,
    });
  });

  it('a rolled-back transaction that no ROLLBACK statement ended is a statement that failed on its own', () => {
    const before = {
      roles: { b1_dispatch_runtime: { statements: 100, transactions: 10, rollbacks: 1 } },
      databaseTransactions: 1000,
      databaseRollbacks: 4,
    };
    const after = {
      roles: { b1_dispatch_runtime: { statements: 160, transactions: 22, rollbacks: 3 } },
      databaseTransactions: 1100,
      databaseRollbacks: 11,
    };
    // 7 rolled back, 2 of them by ROLLBACK: 5 statements refused or failed alone.
    expect(censusWindow(roleOf, before, after).failedStatements).toBe(5);
  });

  it('per whistle sums the windows of every run before dividing', () => {
    const run = {
      statements: { dispatch: 60, intake: 30 },
      explicitTransactions: { dispatch: 12, intake: 3 },
      databaseTransactions: 40,
      failedStatements: 2,
    };
    expect(censusPerWhistle([run, run], 4)).toEqual({
      // 90 statements a run that completed, 2 that failed: 184 in 4 whistles.
      statementsPerWhistle: 46,
      failedStatementsPerWhistle: 1,
      transactionsPerWhistle: 20,
      byService: {
        dispatch: { statements: 30, explicitTransactions: 6 },
        intake: { statements: 15, explicitTransactions: 1.5 },
      },
    });
  });
});
