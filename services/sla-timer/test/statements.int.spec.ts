import { WhistleBlown, type EventEnvelope, type EventOf } from '@chuishao/contracts';
import { uuidv7 } from '@chuishao/kernel';
import { StatementCounter, type RunningService } from '@chuishao/testing';
import { FireSlaTimers } from '../src/application/fire-timers/fire-sla-timers';
import { RecordAnswer } from '../src/application/record-answer/record-answer.use-case';
import { TrackSummons } from '../src/application/track-summons/track-summons.use-case';
import { Script, startSlaTimer } from './support';

/**
 * Round trips per unit of work, counted on real PostgreSQL: the statements each use case sends
 * inside its transaction (BEGIN and COMMIT aside). Round trips are what a transaction costs on
 * this stack, so the command handler must not add any. Before issue #18 (sla.repository.ts):
 * start 2, acknowledgement 2, on-time arrival 2, decline 3, warning 3, deadline 7, late arrival
 * before the deadline 6. Only the statements of the use case under count are seen (an async context), not
 * those of the relay or the consumers running beside it.
 */
describe('sla-timer: statements per unit of work', () => {
  let sla: RunningService;
  const built: EventEnvelope[] = [];
  const script = new Script(
    () => sla,
    async (event) => void built.push(event),
  );
  const counter = new StatementCounter();

  beforeAll(async () => {
    sla = await startSlaTimer();
    counter.install();
  });

  afterAll(async () => {
    counter.uninstall();
    await script.stop();
    await sla?.close();
  });

  /** The statements `work` sends in one transaction, as the inbox runs a handler. */
  const statements = async (work: () => Promise<unknown>): Promise<number> =>
    (await counter.statements(sla, work)).length;
  const track = () => sla.app.get(TrackSummons);
  const answers = () => sla.app.get(RecordAnswer);
  const cause = (): EventEnvelope => built[built.length - 1];

  async function started(deadlineInMs: number) {
    const caseId = uuidv7();
    const { whistleId, summons } = await script.blow(caseId, deadlineInMs);
    const whistle = cause() as EventOf<typeof WhistleBlown>;
    return { caseId, whistleId, summonsId: summons[0].summonsId, whistle };
  }

  it('start 2 (3 while the escalation policy was read on its own), acknowledgement 1, on-time arrival 1 (2 each before an answer took the summons key only when it found no summons)', async () => {
    const { summonsId, whistle } = await started(60_000);
    expect(await statements(() => track().whistleBlown(whistle))).toBe(2);
    const at = new Date();
    expect(await statements(() => answers().execute({ kind: 'acknowledged', summonsId, at }, whistle))).toBe(
      1,
    );
    expect(await statements(() => answers().execute({ kind: 'arrived', summonsId, at }, whistle))).toBe(1);
  });

  it('decline of a running summons 1 (was 3, then 2)', async () => {
    const { summonsId, whistle } = await started(60_000);
    await statements(() => track().whistleBlown(whistle));
    expect(
      await statements(() => answers().execute({ kind: 'declined', summonsId, at: new Date() }, whistle)),
    ).toBe(1);
  });

  it('an answer that overtook its whistle 4: looked for, the key taken, looked for again under it, parked', async () => {
    const { summonsId, whistle } = await started(60_000);
    const at = new Date();
    expect(await statements(() => answers().execute({ kind: 'acknowledged', summonsId, at }, whistle))).toBe(
      4,
    );
  });

  it('a late arrival before the deadline ran 4 (was 6, then 5); the deadline of a running summons 7 (6 before policies as data: + the case path, for the ladder)', async () => {
    const late = await started(-1000);
    await statements(() => track().whistleBlown(late.whistle));
    const arrival = { kind: 'arrived' as const, summonsId: late.summonsId, at: new Date() };
    expect(await statements(() => answers().execute(arrival, late.whistle))).toBe(4);

    const due = await started(-1000);
    await statements(() => track().whistleBlown(due.whistle));
    const fired = {
      id: uuidv7(),
      kind: 'sla.arrival-deadline',
      subject: due.summonsId,
      dueAt: new Date(),
      payload: { whistleId: due.whistleId },
      generation: 1,
      firedAt: new Date(),
    };
    expect(await statements(() => sla.app.get(FireSlaTimers).deadline(fired))).toBe(7);
  });

  it('the warning of a running summons 2 (was 3)', async () => {
    const { whistleId, summonsId, whistle } = await started(60_000);
    await statements(() => track().whistleBlown(whistle));
    const fired = {
      id: uuidv7(),
      kind: 'sla.arrival-warning',
      subject: summonsId,
      dueAt: new Date(),
      payload: { whistleId },
      generation: 1,
      firedAt: new Date(),
    };
    expect(await statements(() => sla.app.get(FireSlaTimers).warning(fired))).toBe(2);
  });
});
