import { CommandHandler } from '@chuishao/messaging';
import { waitFor, type RunningService } from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { deliveryDecider, type RecordAttempt } from '../src/domain/delivery.decider';
import { DEFAULT_RETRY_POLICY } from '../src/domain/notification';
import { DeliveryWorker } from '../src/infrastructure/notifications/delivery-worker';
import { DeliveryClaims, type Claim } from '../src/infrastructure/persistence/delivery-claims';
import { DeliveryStore } from '../src/infrastructure/persistence/delivery.store';
import { SmsPhoneStore } from '../src/infrastructure/persistence/sms-phone.store';
import { startDepartmentWorkerByHand, summonsReceived } from './support/fixtures';

const JUDICIAL = 'shangqin-judicial-office';

/**
 * What a delivery attempt holds, and for how long (issue 22: a lease, not a transaction).
 *
 * A text's claim leases its phone and gathers what is due to the phone in one statement, whose
 * snapshot is taken before its wait for the phone's row ends. What another lane texted to the
 * phone meanwhile must not go out again: the first test holds the settlement of a text to the
 * phone open (another session, as a lane's settling statement would while it runs), lets a lane
 * claim the phone's other notification and wait for the phone's row, then commits the first text.
 *
 * While a lease runs nothing it took is claimed again, its phone included; once it has run out
 * (the attempt crashed) the same notifications are claimed again; and the attempt that outlived
 * its lease writes nothing, its phone's sends included, since another lane has them now.
 */
describe('department: a text’s phone and the lease of a delivery attempt (real PostgreSQL)', () => {
  let department: RunningService;
  let database: DataSource;

  beforeAll(async () => {
    department = await startDepartmentWorkerByHand();
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

  const textClaimed = (claim: Claim): Extract<Claim, { kind: 'text' }> => {
    if (claim.kind !== 'text') throw new Error(`expected a text, the claim was ${claim.kind}`);
    return claim;
  };
  const later = (from: Date, ms: number) => new Date(from.getTime() + ms);

  /** Settles `claimed` as delivered under the lease `leaseUntil`, with the phone's writes. */
  function settle(claimed: Extract<Claim, { kind: 'text' }>, leaseUntil: Date, at: Date) {
    const command: RecordAttempt = {
      type: 'RecordAttempt',
      outcome: { ok: true, statusCode: 200, error: null },
      at,
      durationMs: 5,
      policy: DEFAULT_RETRY_POLICY,
    };
    const phoneWrites = department.app.get(SmsPhoneStore).settledWrites(claimed.phone, leaseUntil, {
      state: { recentSends: [...claimed.state.recentSends, at], lastReplyCode: claimed.state.lastReplyCode },
      codes: [],
      at,
    });
    return department.app.get(CommandHandler).decideAndSaveAllInOne(
      claimed.parts.map((part) => part.delivery),
      command,
      { decider: deliveryDecider, store: department.app.get(DeliveryStore).leased(leaseUntil, phoneWrites) },
    );
  }

  const phoneRow = async (phone: string) =>
    (
      (await database.query('SELECT leased_until, recent_sends FROM sms_phones WHERE phone = $1', [
        phone,
      ])) as Array<{ leased_until: Date | null; recent_sends: Date[] }>
    )[0]!;

  it('claims nothing of a lease that runs, whatever the worker’s clock says, claims it again once it ran out, and lets only the newer lease settle', async () => {
    await department.app.get(DeliveryWorker).drain();
    const [summonsId] = await summonsReceived(department, [JUDICIAL], 'SQ-2022-000122');
    const claims = department.app.get(DeliveryClaims);
    const now = new Date(Date.now() + 1000);
    // A short lease, on the database's clock, that runs out while the test waits for it.
    const first = textClaimed(await claims.claimNext(now, 5_000, 5));
    const firstLease = first.leaseUntil;
    const ours = first.parts.filter((part) => part.summons_id === summonsId);
    expect(ours).toHaveLength(1);
    expect(await phoneRow(first.phone)).toMatchObject({ leased_until: firstLease });

    // While the lease runs: neither the notification nor (for another one due) its phone, even
    // for a worker whose clock is a minute ahead (the lease is the database's, not the workers').
    expect(await claims.claimNext(later(now, 60_000), 30_000, 5)).toEqual({ kind: 'none' });

    // The attempt crashed; its lease ran out: the same notifications, with the same ids.
    const second = await waitFor(
      'the first lease to run out',
      async () => {
        const claim = await claims.claimNext(now, 30_000, 5);
        return claim.kind === 'text' ? claim : null;
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    const secondLease = second.leaseUntil;
    expect(secondLease.getTime()).toBeGreaterThan(firstLease.getTime());
    expect(second.parts.map((part) => part.id)).toEqual(first.parts.map((part) => part.id));

    // The first attempt comes back late: it writes nothing, not even the phone's sends.
    await expect(settle(first, firstLease, later(now, 32_000))).rejects.toMatchObject({
      code: 'DELIVERY_LEASE_LOST',
    });
    const [pending]: Array<{ state: string; attempts: number; tried: number }> = await database.query(
      `SELECT n.state, n.attempts, (SELECT count(*)::int FROM notification_attempts a WHERE a.notification_id = n.id) AS tried
       FROM notifications n WHERE n.id = $1`,
      [ours[0]!.id],
    );
    expect(pending).toEqual({ state: 'pending', attempts: 0, tried: 0 });
    expect(await phoneRow(first.phone)).toMatchObject({
      leased_until: secondLease,
      recent_sends: first.state.recentSends,
    });

    // The newer lease settles, and ends the phone's lease.
    await settle(second, secondLease, later(now, 33_000));
    const [delivered]: Array<{ state: string; attempts: number; leased_until: Date | null }> =
      await database.query('SELECT state, attempts, leased_until FROM notifications WHERE id = $1', [
        ours[0]!.id,
      ]);
    expect(delivered).toEqual({ state: 'delivered', attempts: 1, leased_until: null });
    expect(await phoneRow(first.phone)).toMatchObject({
      leased_until: null,
      recent_sends: [...first.state.recentSends, later(now, 33_000)],
    });
  });
});
