import {
  DepartmentArrived,
  SummonsAcknowledged,
  SummonsDeclined,
  createEvent,
  type Actor,
} from '@chuishao/contracts';
import { uuidv7 } from '@chuishao/kernel';
import type { Causation } from '@chuishao/messaging';
import { StatementCounter, RawProducer, as, type RunningService } from '@chuishao/testing';
import { BlowWhistle } from '../src/application/blow-whistle/blow-whistle.use-case';
import { ReassignDepartment } from '../src/application/reassign-department/reassign-department.use-case';
import {
  RecordDepartmentResponse,
  type DepartmentResponse,
} from '../src/application/record-department-response/record-department-response.use-case';
import { type DirectoryStandIn, registerCase, startTownDispatch } from './support/fixtures';

const OPERATOR_POST = { role: 'operator', centerId: 'ganzhou-district' };
const OPERATOR = as({ role: 'operator', subject: 'op-9', centerId: 'ganzhou-district' });
const LIAISON: Actor = { role: 'liaison', id: 'liaison-9' };
const causation: Causation = { actor: { role: 'operator', id: 'op-9' }, correlationId: uuidv7() };

/**
 * Round trips per unit of work, counted on real PostgreSQL: the statements each use case sends
 * inside its transaction (BEGIN and COMMIT aside, the inbox's own aside), and for a blow, which
 * needs no transaction, everything it sends. Issue #18 moved the
 * whistle's rules into a decider and its writes behind the CommandHandler; these are the counts
 * of the repository it replaced, which it must not exceed. Only the statements of the use case
 * under count are seen (an async context), not those of the relay or the consumers beside it.
 */
describe('dispatch: statements per unit of work', () => {
  let dispatch: RunningService;
  let directory: DirectoryStandIn;
  const raw = new RawProducer(process.env.KAFKA_BROKERS!);
  const counter = new StatementCounter();

  beforeAll(async () => {
    ({ dispatch, directory } = await startTownDispatch());
    counter.install();
  });

  afterAll(async () => {
    counter.uninstall();
    await raw.stop();
    await dispatch?.close();
    directory?.close();
  });

  /** The statements `work` sends in one transaction, as the inbox runs a handler (or a batch of them). */
  const statements = async (work: () => Promise<unknown>): Promise<number> =>
    (await counter.statements(dispatch, work)).length;

  const respond = (caseId: string, response: DepartmentResponse) => {
    const { whistleId, summonsId } = response;
    const at = response.at.toISOString();
    const common = { caseId, correlationId: caseId, actor: LIAISON, id: uuidv7(), occurredAt: response.at };
    const departmentId = 'any';
    const cause =
      response.kind === 'acknowledged'
        ? createEvent(SummonsAcknowledged, {
            ...common,
            payload: { whistleId, summonsId, departmentId, acknowledgedAt: at },
          })
        : response.kind === 'declined'
          ? createEvent(SummonsDeclined, {
              ...common,
              payload: { whistleId, summonsId, departmentId, declinedAt: at, reason: response.reason },
            })
          : createEvent(DepartmentArrived, {
              ...common,
              payload: { whistleId, summonsId, departmentId, arrivedAt: at, location: null, note: null },
            });
    return dispatch.app.get(RecordDepartmentResponse).execute(response, cause);
  };

  async function blown(departmentIds: string[]) {
    const caseId = await registerCase(dispatch, raw, { caseNoPrefix: 'STM-2018-', readAs: OPERATOR });
    let whistle!: Awaited<ReturnType<BlowWhistle['execute']>>;
    // Everything the blow sends, outside any transaction of the test's: it should open none.
    const sent = await counter.sent(async () => {
      whistle = await dispatch.app
        .get(BlowWhistle)
        .execute({ caseId, departmentIds, operator: OPERATOR_POST, causation });
    });
    return { caseId, whistle, sent, ids: whistle.summons.map((s) => s.id) };
  }

  it('blow 2 and no transaction; an acknowledgement 1, a decline 1, an arrival 2, the last arrival 3 (its completion written with WhistleCompleted)', async () => {
    const { caseId, whistle, sent, ids } = await blown([
      'shangqin-judicial-office',
      'shangqin-town-government',
    ]);
    // The case read, then the whistle with its summons and WhistleBlown: no BEGIN, no COMMIT.
    expect(sent).toHaveLength(2);
    expect(sent[1]).toContain('INSERT INTO whistles');
    expect(sent[1]).toContain('INSERT INTO outbox');
    const whistleId = whistle.id;
    const at = new Date();
    expect(
      await statements(() => respond(caseId, { kind: 'acknowledged', whistleId, summonsId: ids[0], at })),
    ).toBe(1);
    expect(
      await statements(() => respond(caseId, { kind: 'arrived', whistleId, summonsId: ids[0], at })),
    ).toBe(2);
    expect(
      await statements(() => respond(caseId, { kind: 'arrived', whistleId, summonsId: ids[1], at })),
    ).toBe(3);

    const other = await blown(['shangqin-judicial-office']);
    const declined: DepartmentResponse = {
      kind: 'declined',
      whistleId: other.whistle.id,
      summonsId: other.ids[0],
      at,
      reason: 'busy',
    };
    expect(await statements(() => respond(other.caseId, declined))).toBe(1);
  });

  it('in one batch (the whistle locked already): an acknowledgement 1, then an arrival 1 and its completion 1', async () => {
    const { caseId, whistle, ids } = await blown(['shangqin-judicial-office']);
    const at = new Date();
    const whistleId = whistle.id;
    const seen = await statements(async () => {
      await respond(caseId, { kind: 'acknowledged', whistleId, summonsId: ids[0], at });
      await respond(caseId, { kind: 'arrived', whistleId, summonsId: ids[0], at });
    });
    expect(seen).toBe(1 + 1 + 1);
  });

  it('a reassignment 6: lock, read, the case, the summons replaced, the new one, the outbox', async () => {
    const { caseId, whistle, ids } = await blown(['shangqin-judicial-office', 'shangqin-town-government']);
    const whistleId = whistle.id;
    await statements(() =>
      respond(caseId, { kind: 'declined', whistleId, summonsId: ids[1], at: new Date(), reason: 'busy' }),
    );
    const count = await statements(() =>
      dispatch.app.get(ReassignDepartment).execute({
        whistleId,
        fromDepartmentId: 'shangqin-town-government',
        toDepartmentId: 'shangqin-police-station',
        reason: 'no staff on duty',
        operator: OPERATOR_POST,
        causation,
      }),
    );
    expect(count).toBe(6);
  });
});
