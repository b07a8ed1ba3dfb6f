import { SummonsAcknowledged } from '@chuishao/contracts';
import { uuidv7 } from '@chuishao/kernel';
import { Inbox, methodCollectsItsWrites } from '@chuishao/messaging';
import { StatementCounter, startService, type RunningService } from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { AllEventsHandler } from '../src/application/project-events/all-events.handlers';
import { ProjectEvent } from '../src/application/project-events/project-event.use-case';
import { AppModule, OPS_CONSOLE_DESCRIPTION } from '../src/app.module';
import { Script } from './support';

/**
 * The console's consumer batches on real PostgreSQL: its handlers only project, so a batch is
 * ONE statement, its inbox rows with the folded projection, and no transaction (its handler is
 * marked COLLECTS_ITS_WRITES); a batch delivered again is refused on the inbox's key and projects
 * nothing twice.
 */
describe('ops-console: statements per consumed batch', () => {
  let consoleService: RunningService;
  const script = new Script(() => consoleService);
  const counter = new StatementCounter();

  beforeAll(async () => {
    consoleService = await startService(
      'ops-console',
      (config) => AppModule.forRoot(config),
      OPS_CONSOLE_DESCRIPTION,
    );
    counter.install();
  });

  afterAll(async () => {
    counter.uninstall();
    await script.stop();
    await consoleService?.close();
  });

  /** The batch as the transport hands it over: each event through the console's handler. */
  const consume = (events: ReturnType<Script['event']>[]) =>
    consoleService.app.get(Inbox).handleBatchOnce(
      'ops-console-batch-test',
      events.map((event, i) => ({
        event,
        position: { topic: 'department-responses', partition: 0, offset: `${i}` },
      })),
      ({ event }) => consoleService.app.get(ProjectEvent).execute(event),
      // As the transport decides from the mark on the console's handler.
      { asOneStatement: methodCollectsItsWrites(AllEventsHandler.prototype.onEvent) },
    );
  const timelineOf = async (caseId: string) =>
    (
      await consoleService.app
        .get(DataSource)
        .query('SELECT type FROM timeline_entries WHERE case_id = $1', [caseId])
    ).length;

  it('projects a batch in one statement, and a redelivered one in a transaction that projects nothing', async () => {
    const caseId = uuidv7();
    const whistleId = uuidv7();
    const events = ['ganzhou-traffic-police', 'shangqin-judicial-office'].map((departmentId) =>
      script.event(SummonsAcknowledged, caseId, {
        summonsId: uuidv7(),
        whistleId,
        departmentId,
        acknowledgedAt: new Date().toISOString(),
      }),
    );

    let outcomes: unknown;
    const sent = await counter.sent(async () => (outcomes = await consume(events)));
    expect(outcomes).toEqual(['handled', 'handled']);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/INSERT INTO inbox[\s\S]*INSERT INTO timeline_entries/);
    expect(await timelineOf(caseId)).toBe(2);

    const again = await counter.sent(async () => (outcomes = await consume(events)));
    expect(outcomes).toEqual(['duplicate', 'duplicate']);
    // The refused statement, then BEGIN, the inbox's rows (none new), COMMIT.
    expect(again.map((sql) => sql.split(/\s/)[0])).toEqual(['WITH', 'START', 'INSERT', 'COMMIT']);
    expect(await timelineOf(caseId)).toBe(2);
  });
});
