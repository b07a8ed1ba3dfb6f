import { uuidv7 } from '@chuishao/kernel';
import { TransactionHost } from '@chuishao/persistence';
import { waitFor, type RunningService } from '@chuishao/testing';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ReceiveSummons } from '../src/application/receive-summons/receive-summons.use-case';
import { DeliveryWorker } from '../src/infrastructure/notifications/delivery-worker';
import {
  NOTIFICATIONS_CHANNEL,
  signalOfPayload,
  type NotificationSignal,
} from '../src/infrastructure/persistence/notification-signal-payloads';
import { startDepartmentWorkerByHand } from './support/fixtures';

const DEPARTMENTS = ['shangqin-judicial-office', 'shangqin-town-government', 'shangqin-police-station'];
/** One phone for every contact of two of them: their texts to it are bundled, one claim. */
const SHARED_PHONE = '13900009999';

/**
 * The wake-up a commit of notifications sends says how many claims they make due, and the
 * delivery lanes open that many and stop there (DeliveryLanes' budget). An undercount would leave
 * a text for the sweep, seconds later; so the count is checked against the claims the worker
 * really makes to deliver what one whistle's summons planned, bundling per phone included.
 */
describe('department: the wake-up of new notifications counts the claims they make due', () => {
  let department: RunningService;
  let listener: Client;
  const signals: NotificationSignal[] = [];

  beforeAll(async () => {
    // The worker is driven by the test (attemptNext), so the claims can be counted.
    department = await startDepartmentWorkerByHand();
    listener = new Client({ connectionString: department.config.database.url });
    await listener.connect();
    listener.on('notification', (message) => {
      const signal = signalOfPayload(message.payload, department.config.database.schema);
      if (message.channel === NOTIFICATIONS_CHANNEL && signal) signals.push(signal);
    });
    await listener.query(`LISTEN ${NOTIFICATIONS_CHANNEL}`);
  });

  afterAll(async () => {
    await listener?.end();
    await department?.close();
  });

  async function claimsUntilNoneDue(): Promise<number> {
    const worker = department.app.get(DeliveryWorker);
    let claims = 0;
    while (await worker.attemptNext()) claims += 1;
    return claims;
  }

  /** `whistles` whistles summoning DEPARTMENTS, received in one transaction (a consumed batch). */
  async function receivedTogether(whistles: number): Promise<void> {
    const now = new Date();
    await department.app.get(TransactionHost).run(async () => {
      for (let i = 0; i < whistles; i += 1)
        await department.app.get(ReceiveSummons).execute({
          caseId: uuidv7(),
          whistleId: uuidv7(),
          caseNo: `SQ-2018-00002${i}`,
          centerId: 'shangqin-town',
          notifiedAt: now,
          occurredAt: now,
          summons: DEPARTMENTS.map((departmentId) => ({
            summonsId: uuidv7(),
            departmentId,
            arrivalDeadline: new Date(now.getTime() + 1_800_000),
          })),
        });
    });
  }

  /** Texts waiting, the claims the signals named, and the claims the worker made to send them. */
  async function dueSignalledAndClaimed(whistles: number) {
    await claimsUntilNoneDue();
    signals.length = 0;
    await receivedTogether(whistles);
    await waitFor('the stream signal', () => signals.some((s) => s.kind === 'stream'));
    const named = signals.flatMap((s) => (s.kind === 'deliveries' ? [s.due] : []));
    const [{ texts }] = (await department.app
      .get(DataSource)
      .query(
        `SELECT count(*)::int AS texts FROM notifications WHERE channel = 'sms' AND state = 'pending'`,
      )) as Array<{
      texts: number;
    }>;
    return { texts, named, claims: await claimsUntilNoneDue() };
  }

  beforeAll(async () => {
    await department.app
      .get(DataSource)
      .query(`UPDATE directory_contacts SET phone = $1 WHERE owner_id = ANY($2::text[])`, [
        SHARED_PHONE,
        DEPARTMENTS.slice(0, 2),
      ]);
  });

  it('one whistle: one signal naming the claims, fewer than its texts (two share a phone)', async () => {
    const { texts, named, claims } = await dueSignalledAndClaimed(1);
    expect(named).toHaveLength(1);
    expect(claims).toBeGreaterThan(0);
    expect(claims).toBeLessThan(texts);
    expect(named[0]).toBe(claims);
  });

  it('a batch of three whistles: one signal for its transaction, and a phone of an earlier whistle is not counted again', async () => {
    const { texts, named, claims } = await dueSignalledAndClaimed(3);
    // Six texts to the shared phone: two claims at a bundle of five; its later whistles add none.
    // The transaction writes every whistle's notifications in one statement as it ends: one signal.
    expect(named).toEqual([claims]);
    expect(claims).toBeLessThan(texts);
  });
});
