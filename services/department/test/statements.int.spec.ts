import { uuidv7 } from '@chuishao/kernel';
import type { Causation } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { StatementCounter, type RunningService } from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { AcknowledgeSummons } from '../src/application/acknowledge-summons/acknowledge-summons.use-case';
import { DeclineSummons } from '../src/application/decline-summons/decline-summons.use-case';
import { ReceiveSummons } from '../src/application/receive-summons/receive-summons.use-case';
import { ReportArrival } from '../src/application/report-arrival/report-arrival.use-case';
import { DeliveryWorker } from '../src/infrastructure/notifications/delivery-worker';
import { startDepartmentWorkerByHand } from './support/fixtures';

const JUDICIAL = 'shangqin-judicial-office';
const GOVERNMENT = 'shangqin-town-government';
const liaisonOf = (departmentId: string) => ({ role: 'liaison', departmentId });
const causation: Causation = { actor: { role: 'liaison', id: 'liaison-18' }, correlationId: uuidv7() };

/**
 * Round trips per unit of work, counted on real PostgreSQL: every statement a use case sends,
 * BEGIN, COMMIT and ROLLBACK included (a liaison's usual answer needs none of them). Issue #18
 * moved the summons' rules into a decider and its writes behind SummonsCommands and the
 * CommandHandler; these are the counts of the repository it replaced (bench/FINDINGS.md: an answer
 * in one statement), which it must not exceed. Only the statements of the use case under count
 * are seen (an async context), not those of the relay, the delivery worker or the consumers.
 */
describe('department: statements per unit of work', () => {
  let department: RunningService;
  const counter = new StatementCounter();

  beforeAll(async () => {
    department = await startDepartmentWorkerByHand();
    counter.install();
  });

  afterAll(async () => {
    counter.uninstall();
    await department?.close();
  });

  /** The statements `work` sent, and what it threw (a refusal still costs its round trips). */
  const statements = async (work: () => Promise<unknown>): Promise<string[] & { refused?: unknown }> => {
    let refused: unknown;
    const seen = await counter.sent(() =>
      work().catch((error: unknown) => {
        refused = error;
      }),
    );
    return Object.assign(seen, { refused });
  };
  const transactionControl = (sql: string) => /^(START TRANSACTION|COMMIT|ROLLBACK)/.test(sql);

  /** A whistle's summons received as the inbox runs its handler: in the event's transaction. */
  async function received(departmentIds: string[]) {
    const ids = departmentIds.map(() => uuidv7());
    const now = new Date();
    const seen = await statements(() =>
      department.app.get(TransactionHost).run(() =>
        department.app.get(ReceiveSummons).execute({
          caseId: uuidv7(),
          whistleId: uuidv7(),
          caseNo: 'SQ-2018-000018',
          centerId: 'shangqin-town',
          notifiedAt: now,
          occurredAt: now,
          summons: departmentIds.map((departmentId, i) => ({
            summonsId: ids[i],
            departmentId,
            arrivalDeadline: new Date(now.getTime() + 1_800_000),
          })),
        }),
      ),
    );
    return { ids, count: seen.filter((sql) => !transactionControl(sql)).length };
  }

  it('a whistle of two summons received in 2 (their insert with the directory read, the notifications with the stream locks and entries)', async () => {
    expect((await received([JUDICIAL, GOVERNMENT])).count).toBe(2);
  });

  it('an acknowledgement 1, an arrival 1, a decline 1: no BEGIN, no COMMIT', async () => {
    const { ids } = await received([JUDICIAL, GOVERNMENT]);
    const acknowledged = await statements(() =>
      department.app
        .get(AcknowledgeSummons)
        .execute({ summonsId: ids[0], caller: liaisonOf(JUDICIAL), causation }),
    );
    expect(acknowledged.refused).toBeUndefined();
    expect(acknowledged).toHaveLength(1);
    const arrived = await statements(() =>
      department.app
        .get(ReportArrival)
        .execute({ summonsId: ids[0], caller: liaisonOf(JUDICIAL), note: 'at the gate', causation }),
    );
    expect(arrived).toHaveLength(1);
    const declined = await statements(() =>
      department.app
        .get(DeclineSummons)
        .execute({ summonsId: ids[1], caller: liaisonOf(GOVERNMENT), reason: 'busy', causation }),
    );
    expect(declined).toHaveLength(1);
  });

  it('a refused answer 4 (the try, then BEGIN, the locked read, ROLLBACK); another department 3', async () => {
    const { ids } = await received([JUDICIAL]);
    await department.app
      .get(DeclineSummons)
      .execute({ summonsId: ids[0], caller: liaisonOf(JUDICIAL), reason: 'busy', causation });
    const refused = await statements(() =>
      department.app
        .get(ReportArrival)
        .execute({ summonsId: ids[0], caller: liaisonOf(JUDICIAL), causation }),
    );
    expect(refused.refused).toMatchObject({ code: 'SUMMONS_DECLINED' });
    expect(refused).toHaveLength(4);
    expect(refused.filter(transactionControl)).toHaveLength(2);
    const another = await statements(() =>
      department.app
        .get(AcknowledgeSummons)
        .execute({ summonsId: ids[0], caller: liaisonOf(GOVERNMENT), causation }),
    );
    expect(another.refused).toMatchObject({ code: 'SUMMONS_NOT_FOUND' });
    expect(another).toHaveLength(3);
  });

  /** The delivery worker with nothing left due from earlier tests. */
  async function drainedWorker(): Promise<void> {
    await department.app.get(DeliveryWorker).drain();
  }

  /**
   * The statements of each delivery attempt, one attempt after another until none is due: every
   * one, and those that control a transaction (the worker opens none for a text).
   */
  async function attemptsUntilNoneDue(): Promise<Array<{ all: number; transactionControl: number }>> {
    const worker = department.app.get(DeliveryWorker);
    const attempts: Array<{ all: number; transactionControl: number }> = [];
    for (;;) {
      let found = false;
      const seen = await statements(async () => {
        found = await worker.attemptNext();
      });
      if (!found) return attempts;
      attempts.push({ all: seen.length, transactionControl: seen.filter(transactionControl).length });
    }
  }

  const TEXT = { all: 2, transactionControl: 0 };

  // Issue 20 item 5 made a text cost 3 more (was 2): texts are throttled and bundled per phone,
  // and a summons text hands out a reply code, so the phone's row is locked and read, what else is
  // due to it gathered, and its sends and codes written. Issue 22 took the phone and what is due
  // in one statement (4), wrote the phone's sends and codes with the attempt (3), and the SMS
  // simulator's record of the text with them too; then a lease instead of a transaction held open
  // over the send: the claim leases the phone with what is due, the settlement ends the lease, and
  // neither needs BEGIN or COMMIT (2, where it was 5 with them).
  it('an SMS attempt is 2 statements and no transaction (the claim, leasing the phone with what is due to it; the attempts with the phone’s sends, its codes, its lease’s end and the simulator’s record)', async () => {
    await drainedWorker();
    await received([JUDICIAL]);
    const attempts = await attemptsUntilNoneDue();
    expect(attempts.length).toBeGreaterThan(0);
    expect(attempts).toEqual(attempts.map(() => TEXT));
  });

  it('a text that carries two notifications is 2 as well: their attempts are saved in one statement (one each before)', async () => {
    await drainedWorker();
    const summonsIds = [...(await received([JUDICIAL])).ids, ...(await received([JUDICIAL])).ids];
    const attempts = await attemptsUntilNoneDue();
    const db = department.app.get(DataSource);
    const [notified]: Array<{ notifications: number; phones: number; attempted: number; leased: number }> =
      await db.query(
        `SELECT count(*)::int AS notifications, count(DISTINCT n.address)::int AS phones,
                count(a.id)::int AS attempted,
                (SELECT count(*)::int FROM sms_phones p
                  WHERE p.phone IN (SELECT address FROM notifications WHERE summons_id = ANY($1::uuid[]))
                    AND p.leased_until IS NOT NULL)
                + count(*) FILTER (WHERE n.leased_until IS NOT NULL)::int AS leased
         FROM notifications n LEFT JOIN notification_attempts a ON a.notification_id = n.id
         WHERE n.summons_id = ANY($1::uuid[]) AND n.channel = 'sms'`,
        [summonsIds],
      );
    // Each phone had both whistles' notifications due: one text each, every notification attempted,
    // and every lease (the phone's, the notifications') ended by its text's settlement.
    expect(notified.notifications).toBe(2 * notified.phones);
    expect(notified.attempted).toBe(notified.notifications);
    expect(notified.leased).toBe(0);
    expect(attempts).toEqual(Array.from({ length: notified.phones }, () => TEXT));
  });
});
