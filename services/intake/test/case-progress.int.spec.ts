import { WhistleBlown, WhistleCompleted, createEvent, type EventEnvelope } from '@chuishao/contracts';
import { uuidv7 } from '@chuishao/kernel';
import { Inbox, methodCollectsItsWrites } from '@chuishao/messaging';
import { StatementCounter, as, http, startService, type RunningService } from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { AppModule, INTAKE_DESCRIPTION } from '../src/app.module';
import { CaseTrailHandlers } from '../src/application/record-case-trail/case-trail.handlers';
import { RecordCaseTrail } from '../src/application/record-case-trail/record-case-trail.use-case';
import { WhistleProgressHandlers } from '../src/application/track-whistle-progress/whistle-progress.handlers';
import { RecordCaseProgress } from '../src/application/track-whistle-progress/record-case-progress.use-case';

const clerk = as({ role: 'clerk', subject: 'clerk-progress' });
const aCase = {
  centerId: 'anlizha-village',
  channel: 'petition',
  disputeType: 'neighbour',
  summary: 'Two households quarrel over a wall.',
  headcount: 2,
  urgency: 'normal',
  parties: [{ role: 'applicant', name: '赵某' }],
};
const T = (minute: number) => new Date(Date.UTC(2026, 11, 3, 8, minute)).toISOString();

function blown(caseId: string, blownAt: string): EventEnvelope {
  const whistleId = uuidv7();
  return createEvent(WhistleBlown, {
    id: uuidv7(),
    occurredAt: new Date(),
    caseId,
    correlationId: caseId,
    actor: { role: 'operator', id: 'op-1' },
    payload: {
      whistleId,
      caseNo: 'ALZ-2026-000001',
      centerId: 'anlizha-village',
      disputeType: 'neighbour',
      urgency: 'normal',
      reason: null,
      blownAt,
      arrivalDeadline: new Date(Date.parse(blownAt) + 1800_000).toISOString(),
      slaSeconds: 1800,
      summons: [
        {
          summonsId: uuidv7(),
          departmentId: 'traffic',
          departmentName: 'Traffic',
          departmentKind: 'traffic_police',
        },
      ],
    },
  });
}

function completed(caseId: string, completedAt: string): EventEnvelope {
  return createEvent(WhistleCompleted, {
    id: uuidv7(),
    occurredAt: new Date(),
    caseId,
    correlationId: caseId,
    actor: { role: 'system', id: 'dispatch' },
    payload: {
      whistleId: uuidv7(),
      completedAt,
      arrivals: [{ summonsId: uuidv7(), departmentId: 'traffic', arrivedAt: completedAt }],
    },
  });
}

/**
 * A consumer's batch of progress reports, as the inbox hands them to the handlers: one
 * transaction. Issue 18 had made each report a statement of its own; the batch's reports are
 * one statement again, and each case ends where the reports one by one would leave it.
 */
describe('intake: a batch of progress reports (real PostgreSQL)', () => {
  let intake: RunningService;
  let db: DataSource;
  const counter = new StatementCounter();

  beforeAll(async () => {
    intake = await startService('intake', (config) => AppModule.forRoot(config), INTAKE_DESCRIPTION);
    db = intake.app.get(DataSource);
    counter.install();
  });

  afterAll(async () => {
    counter.uninstall();
    await intake?.close();
  });

  const register = async (): Promise<string> => {
    const { status, body } = await http(intake.baseUrl, 'POST', '/cases', aCase, clerk);
    expect(status).toBe(201);
    return body.id as string;
  };
  const rowOf = async (id: string) =>
    (await db.query(`SELECT status, status_changed_at FROM cases WHERE id = $1`, [id]))[0] as {
      status: string;
      status_changed_at: Date;
    };
  /** The statements the reports send, in one transaction as the inbox runs a batch's handlers. */
  const inOneBatch = async (events: EventEnvelope[]): Promise<string[]> => {
    const progress = intake.app.get(RecordCaseProgress);
    return counter.statements(intake, async () => {
      for (const event of events) await progress.executeFor(event);
    });
  };

  it('given three cases, when one batch reports on each (and on a case intake does not know), then one statement moves each as far as its reports say', async () => {
    const [a, b, c] = [await register(), await register(), await register()];
    const statements = await inOneBatch([
      blown(a, T(1)),
      completed(a, T(30)),
      // Out of order: the completion first; the blow after it must not take the case back.
      completed(b, T(31)),
      blown(b, T(2)),
      blown(c, T(3)),
      blown(uuidv7(), T(4)),
    ]);
    expect(statements).toHaveLength(1);
    expect(await rowOf(a)).toEqual({ status: 'on_site', status_changed_at: new Date(T(30)) });
    expect(await rowOf(b)).toEqual({ status: 'on_site', status_changed_at: new Date(T(31)) });
    expect(await rowOf(c)).toEqual({ status: 'whistled', status_changed_at: new Date(T(3)) });
  });

  it('given a case on site, when a later batch reports its whistle again, then nothing moves', async () => {
    const id = await register();
    await inOneBatch([completed(id, T(40))]);
    const statements = await inOneBatch([blown(id, T(41))]);
    expect(statements).toHaveLength(1);
    expect(await rowOf(id)).toEqual({ status: 'on_site', status_changed_at: new Date(T(40)) });
  });

  it('given a consumer batch, when its events go to the trail and move their cases, then that and its inbox rows are one statement', async () => {
    const id = await register();
    const events = [blown(id, T(5)), completed(id, T(35)), blown(uuidv7(), T(6))];
    const entries = events.map((event, i) => ({
      event,
      position: { topic: 'whistles', partition: 0, offset: `${i}` },
    }));
    // What the transport runs for each event: every handler of its type (intake's trail, its progress).
    const handlers = async ({ event }: { event: EventEnvelope }) => {
      await intake.app.get(RecordCaseTrail).execute(event);
      await intake.app.get(RecordCaseProgress).executeFor(event);
    };
    // As the transport decides: every handler of the batch's types is marked as only collecting.
    const asOneStatement = [
      CaseTrailHandlers.prototype.onWhistleBlown,
      CaseTrailHandlers.prototype.onWhistleCompleted,
      WhistleProgressHandlers.prototype.onWhistleBlown,
      WhistleProgressHandlers.prototype.onWhistleCompleted,
    ].every(methodCollectsItsWrites);
    let outcomes: unknown;
    const sent = await counter.sent(
      async () =>
        (outcomes = await intake.app
          .get(Inbox)
          .handleBatchOnce('intake-batch-test', entries, handlers, { asOneStatement })),
    );
    expect(outcomes).toEqual(['handled', 'handled', 'handled']);
    expect(sent).toHaveLength(1);
    expect(await rowOf(id)).toEqual({ status: 'on_site', status_changed_at: new Date(T(35)) });
    // The case's own CaseRegistered reaches the trail through Kafka as well, whenever it does.
    const trail = await db.query(
      `SELECT type FROM case_trail WHERE case_id = $1 AND type <> 'CaseRegistered' ORDER BY occurred_at`,
      [id],
    );
    expect(trail.map((row: { type: string }) => row.type).sort()).toEqual([
      'WhistleBlown',
      'WhistleCompleted',
    ]);
  });
});
