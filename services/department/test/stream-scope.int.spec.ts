import {
  CENTER_OF,
  RawProducer,
  SCOPE_ITEM_CENTER,
  SseClient,
  as,
  centerScopeMatrix,
  waitFor,
  type RunningService,
  type TestCaller,
} from '@chuishao/testing';
import { DataSource } from 'typeorm';
import {
  newCase,
  publishToWhistles,
  registerCase,
  startDepartment,
  waitForSummonsStored,
  whistleBlown,
  type WhistledCase,
} from './support/fixtures';

/**
 * A department's live stream, filtered like its inbox (README "Who sees what"): a supervisor gets
 * the entries of cases at their center or below it, a liaison of another department none. Entries
 * are sent in id order, so once a caller got the last entry it may see, an earlier one it did not
 * get was left out, not delayed.
 */
const OWN = 'shangqin-town-government';
const townCase = newCase('SQ-');
const villageCase = newCase('ALZ-');
const siblingCase = newCase('LJD-');

describe('department: a live stream within the caller’s post', () => {
  let department: RunningService;
  const raw = new RawProducer(process.env.KAFKA_BROKERS!);
  const streams: SseClient[] = [];

  beforeAll(async () => {
    department = await startDepartment();
    await registerCase(raw, department, townCase, [CENTER_OF.parent, SCOPE_ITEM_CENTER]);
    await registerCase(raw, department, villageCase, [CENTER_OF.parent, SCOPE_ITEM_CENTER, CENTER_OF.child]);
    await registerCase(raw, department, siblingCase, [CENTER_OF.parent, CENTER_OF.sibling]);
    // One after the other, so the stream's entries come in this order.
    for (const onCase of [townCase, villageCase, siblingCase]) await blow(onCase);
  });
  afterAll(async () => {
    streams.forEach((s) => s.close());
    await raw.stop();
    await department?.close();
  });

  async function blow(onCase: WhistledCase): Promise<void> {
    const whistle = whistleBlown(
      [{ departmentId: OWN, departmentName: OWN, departmentKind: 'town_government' }],
      onCase,
    );
    await publishToWhistles(raw, department, whistle.event);
    await waitForSummonsStored(
      department.app.get(DataSource),
      [whistle.summonsIds[OWN]],
      'the summons stored',
      {
        notifiedOnly: false,
      },
    );
  }

  function open(caller: TestCaller): SseClient {
    const stream = new SseClient(`${department.baseUrl}/departments/${OWN}/stream`, as(caller));
    streams.push(stream);
    return stream;
  }

  /** The cases of the entries a caller gets, once it got the last one it should. */
  async function casesStreamedTo(caller: TestCaller, last: WhistledCase): Promise<string[]> {
    const stream = open(caller);
    expect(await stream.open()).toBe(200);
    await waitFor('the last entry in scope', () => stream.events.some((e) => e.data.caseId === last.caseId));
    return stream.events.map((e) => e.data.caseId as string);
  }

  it.each(centerScopeMatrix(['supervisor']).map((row) => [row.title, row] as const))(
    '%s',
    async (_title, row) => {
      const expected = {
        own: [townCase, villageCase],
        parent: [townCase, villageCase, siblingCase],
        child: [villageCase],
        sibling: [siblingCase],
      }[row.relation];
      expect(await casesStreamedTo(row.caller, expected.at(-1)!)).toEqual(expected.map((c) => c.caseId));
    },
  );

  it('a liaison of another department: the stream opens, with nothing of this department', async () => {
    const other = open({
      role: 'liaison',
      subject: 'liaison-other',
      departmentId: 'shangqin-judicial-office',
    });
    expect(await other.open()).toBe(200);
    const all = [townCase, villageCase, siblingCase];
    const ownLiaison = { role: 'liaison' as const, subject: 'liaison-own', departmentId: OWN };
    expect(await casesStreamedTo(ownLiaison, siblingCase)).toEqual(all.map((c) => c.caseId));
    expect(other.events).toEqual([]);
  });
});
