import { startService, waitFor, type RunningService } from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { AppModule, DEPARTMENT_DESCRIPTION } from '../src/app.module';
import { DeliveryWorker } from '../src/infrastructure/notifications/delivery-worker';
import { summonsReceived } from './support/fixtures';

const JUDICIAL = 'shangqin-judicial-office';

/**
 * A text's claim leases its phone and gathers what is due to the phone in one statement, whose
 * snapshot is taken before its wait for the phone's row ends. What another lane texted to the
 * phone meanwhile must not go out again: this holds the settlement of a text to the phone open
 * (another session, as a lane's settling statement would while it runs), lets a lane claim the
 * phone's other notification and wait for the phone's row, then commits the first text.
 */
describe('department: a text waits for its phone and sends nothing another text sent (real PostgreSQL)', () => {
  let department: RunningService;
  let database: DataSource;

  beforeAll(async () => {
    // The worker is driven by the test (attemptNext), so no lane of its own claims first.
    department = await startService(
      'department',
      (config) => AppModule.forRoot(config, { notifications: { workerEnabled: false, smsLimits: [] } }),
      DEPARTMENT_DESCRIPTION,
    );
    database = department.app.get(DataSource);
  });

  afterAll(async () => {
    await department?.close();
  });

  const received = async () => (await summonsReceived(department, [JUDICIAL], 'SQ-2022-000022'))[0]!;

  it('leaves out of its text what another lane delivered to the phone while it waited for the lock', async () => {
    const worker = department.app.get(DeliveryWorker);
    await worker.drain();
    const [first, second] = [await received(), await received()];
    const [texted]: Array<{ id: string; address: string }> = await database.query(
      `SELECT id, address FROM notifications WHERE summons_id = $1 AND channel = 'sms'`,
      [first],
    );
    // The other lane: a session of the service's own, the phone's row written and the first
    // summons' text delivered, not yet committed.
    const blocker = database.createQueryRunner();
    await blocker.connect();
    try {
      await blocker.startTransaction();
      const [{ pid }]: Array<{ pid: number }> = await blocker.query('SELECT pg_backend_pid() AS pid');
      await blocker.query(
        `INSERT INTO sms_phones (phone) VALUES ($1) ON CONFLICT (phone) DO UPDATE SET phone = excluded.phone`,
        [texted.address],
      );
      await blocker.query(
        `UPDATE notifications SET state = 'delivered', delivered_at = now(), next_attempt_at = NULL WHERE id = $1`,
        [texted.id],
      );
      const attempt = worker.attemptNext();
      await waitFor('the lane to wait for the phone’s lock', async () => {
        const [waiting]: Array<{ n: number }> = await database.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE wait_event_type = 'Lock' AND query LIKE '%sms_phones%' AND pid <> $1`,
          [pid],
        );
        return waiting.n > 0 ? true : null;
      });
      await blocker.commitTransaction();
      expect(await attempt).toBe(true);
    } finally {
      await blocker.release();
    }
    const sent: Array<{ notification_id: string; text: string }> = await database.query(
      `SELECT m.notification_id, m.text FROM sms_simulator_messages m
        WHERE m.notification_id IN (SELECT id FROM notifications WHERE summons_id = ANY($1::uuid[]))`,
      [[first, second]],
    );
    const [secondNotification]: Array<{ id: string; state: string }> = await database.query(
      `SELECT id, state FROM notifications WHERE summons_id = $1 AND channel = 'sms'`,
      [second],
    );
    // One text, the second summons' alone (a bundle would have an id of its own).
    expect(sent.map((m) => m.notification_id)).toEqual([secondNotification.id]);
    expect(secondNotification.state).toBe('delivered');
    const [attempts]: Array<{ n: number }> = await database.query(
      'SELECT count(*)::int AS n FROM notification_attempts WHERE notification_id = $1',
      [texted.id],
    );
    expect(attempts.n).toBe(0);
  });
});
