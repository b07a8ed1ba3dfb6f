import { DepartmentArrived, createEvent, type Actor } from '@chuishao/contracts';
import { uuidv7 } from '@chuishao/kernel';
import { TransactionHost } from '@chuishao/persistence';
import { RawProducer, as, http, waitFor, type RunningService } from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { RecordDepartmentResponse } from '../src/application/record-department-response/record-department-response.use-case';
import { type DirectoryStandIn, registerCase, startTownDispatch } from './support/fixtures';

const OPERATOR = as({ role: 'operator', subject: 'op-7', centerId: 'ganzhou-district' });
const LIAISON: Actor = { role: 'liaison', id: 'liaison-7' };

/**
 * A response handler writes a summons in one statement that also takes the whistle's lock, so
 * that statement's snapshot may predate what the lock's previous holder wrote. Whether the whistle
 * is complete must still be decided on the whistle as it stands once the lock is granted: here
 * the other department's arrival commits while the last arrival waits for the lock, as with
 * two consumers briefly handling one partition across a rebalance.
 */
describe('dispatch: responses to one whistle in concurrent transactions', () => {
  let dispatch: RunningService;
  let directory: DirectoryStandIn;
  const raw = new RawProducer(process.env.KAFKA_BROKERS!);

  beforeAll(async () => {
    ({ dispatch, directory } = await startTownDispatch());
  });

  afterAll(async () => {
    await raw.stop();
    await dispatch?.close();
    directory?.close();
  });

  it('completes the whistle when the other arrival commits while the last one waits for the lock', async () => {
    const caseId = await registerCase(dispatch, raw, { caseNoPrefix: 'CON-2018-', readAs: OPERATOR });
    const blown = await http(
      dispatch.baseUrl,
      'POST',
      `/cases/${caseId}/whistles`,
      { departmentIds: ['shangqin-judicial-office', 'shangqin-town-government'] },
      OPERATOR,
    );
    expect(blown.status).toBe(201);
    const whistleId: string = blown.body.id;
    const [first, last] = blown.body.summons as Array<{ id: string; departmentId: string }>;

    const recordResponse = dispatch.app.get(RecordDepartmentResponse);
    const transactions = dispatch.app.get(TransactionHost);
    const database = dispatch.app.get(DataSource);
    const arrive = (summons: { id: string; departmentId: string }) => {
      const at = new Date();
      const cause = createEvent(DepartmentArrived, {
        id: uuidv7(),
        occurredAt: at,
        caseId,
        correlationId: caseId,
        actor: LIAISON,
        payload: {
          whistleId,
          summonsId: summons.id,
          departmentId: summons.departmentId,
          arrivedAt: at.toISOString(),
          location: null,
          note: null,
        },
      });
      return recordResponse.execute({ kind: 'arrived', whistleId, summonsId: summons.id, at }, cause);
    };

    let releaseFirst!: () => void;
    const firstMayCommit = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstRecorded!: () => void;
    const firstHoldsLock = new Promise<void>((resolve) => (firstRecorded = resolve));
    const firstTransaction = transactions.run(async () => {
      await arrive(first);
      firstRecorded();
      await firstMayCommit;
    });
    await firstHoldsLock;

    // Started outside the first transaction's context: its own transaction, which must wait.
    const lastArrival = arrive(last);
    try {
      await waitFor('the last arrival to wait for the whistle lock', async () => {
        const [row] = await database.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%whistle_summons%'`,
        );
        return row.n > 0;
      });
    } finally {
      releaseFirst();
    }
    await firstTransaction;
    await lastArrival;

    const [whistle] = await database.query(`SELECT status FROM whistles WHERE id = $1`, [whistleId]);
    expect(whistle.status).toBe('completed');
    const completions = await database.query(
      `SELECT envelope FROM outbox WHERE event_type = 'WhistleCompleted' AND envelope->'payload'->>'whistleId' = $1`,
      [whistleId],
    );
    expect(completions).toHaveLength(1);
    expect(
      completions[0].envelope.payload.arrivals.map((a: { summonsId: string }) => a.summonsId).sort(),
    ).toEqual([first.id, last.id].sort());
  });
});
