import {
  DepartmentArrived,
  SummonsAcknowledged,
  createEvent,
  type Actor,
  type EventEnvelope,
} from '@chuishao/contracts';
import { uuidv7 } from '@chuishao/kernel';
import { ConsumedBatches, RawProducer, as, http, type RunningService } from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { DepartmentResponseHandlers } from '../src/application/record-department-response/department-response.handlers';
import { type DirectoryStandIn, registerCase, startTownDispatch } from './support/fixtures';

const OPERATOR = as({ role: 'operator', subject: 'op-9', centerId: 'ganzhou-district' });
const LIAISON: Actor = { role: 'liaison', id: 'liaison-9' };
type Summoned = { id: string; departmentId: string };

/**
 * A consumed batch of departments' acknowledgements on real PostgreSQL: one statement with its
 * inbox rows when each takes its usual course (the whistle locked, the summons moved); the batch
 * in a transaction, each answer the careful way, when one does not (the statement refused itself,
 * nothing of it written). A batch with an arrival goes to a transaction from the start: the arrival
 * may complete the whistle.
 */
describe('dispatch: a batch of acknowledgements', () => {
  let dispatch: RunningService;
  let directory: DirectoryStandIn;
  let batches: ConsumedBatches;
  const raw = new RawProducer(process.env.KAFKA_BROKERS!);
  const query = (sql: string, params: unknown[] = []) => dispatch.app.get(DataSource).query(sql, params);

  beforeAll(async () => {
    ({ dispatch, directory } = await startTownDispatch());
    batches = ConsumedBatches.start(dispatch, dispatch.app.get(DepartmentResponseHandlers));
  });

  afterAll(async () => {
    batches?.stop();
    await raw.stop();
    await dispatch?.close();
    directory?.close();
  });

  /** A whistle blown on a new case, with its summons. */
  async function blown(): Promise<{ caseId: string; whistleId: string; summons: Summoned[] }> {
    const caseId = await registerCase(dispatch, raw, { caseNoPrefix: 'ACK-2018-', readAs: OPERATOR });
    const response = await http(
      dispatch.baseUrl,
      'POST',
      `/cases/${caseId}/whistles`,
      { departmentIds: ['shangqin-judicial-office', 'shangqin-town-government'] },
      OPERATOR,
    );
    expect(response.status).toBe(201);
    return { caseId, whistleId: response.body.id, summons: response.body.summons };
  }

  const envelope = { occurredAt: new Date(), correlationId: uuidv7(), actor: LIAISON };
  const acknowledgement = (caseId: string, whistleId: string, s: Summoned): EventEnvelope =>
    createEvent(SummonsAcknowledged, {
      ...envelope,
      id: uuidv7(),
      caseId,
      payload: {
        whistleId,
        summonsId: s.id,
        departmentId: s.departmentId,
        acknowledgedAt: new Date().toISOString(),
      },
    });
  const arrival = (caseId: string, whistleId: string, s: Summoned): EventEnvelope =>
    createEvent(DepartmentArrived, {
      ...envelope,
      id: uuidv7(),
      caseId,
      payload: {
        whistleId,
        summonsId: s.id,
        departmentId: s.departmentId,
        arrivedAt: new Date().toISOString(),
        location: null,
        note: null,
      },
    });
  const statusOf = async (summonsId: string): Promise<string> =>
    (await query('SELECT status FROM whistle_summons WHERE id = $1', [summonsId]))[0].status;
  const transactionControl = (sql: string) => /^(START TRANSACTION|BEGIN|COMMIT|ROLLBACK)/.test(sql);

  it('acknowledgements of two whistles that take their usual course are one statement with their inbox rows', async () => {
    const one = await blown();
    const other = await blown();
    const { answer, sent } = await batches.consumeCounting([
      acknowledgement(one.caseId, one.whistleId, one.summons[0]!),
      acknowledgement(other.caseId, other.whistleId, other.summons[0]!),
      acknowledgement(one.caseId, one.whistleId, one.summons[1]!),
    ]);
    expect(answer).toEqual(['handled', 'handled', 'handled']);
    expect(sent).toHaveLength(1);
    expect(await statusOf(one.summons[0]!.id)).toBe('acknowledged');
    expect(await statusOf(one.summons[1]!.id)).toBe('acknowledged');
    expect(await statusOf(other.summons[0]!.id)).toBe('acknowledged');
    expect(await statusOf(other.summons[1]!.id)).toBe('notified');
  });

  it('an acknowledgement of a summons already on site refuses the statement: the batch runs in a transaction, the other one recorded', async () => {
    const { caseId, whistleId, summons } = await blown();
    await batches.consume([arrival(caseId, whistleId, summons[0]!)]);
    const { answer, sent } = await batches.consumeCounting([
      acknowledgement(caseId, whistleId, summons[0]!),
      acknowledgement(caseId, whistleId, summons[1]!),
    ]);
    expect(answer).toEqual(['handled', 'handled']);
    expect(sent.some(transactionControl)).toBe(true);
    expect(await statusOf(summons[0]!.id)).toBe('arrived');
    expect(await statusOf(summons[1]!.id)).toBe('acknowledged');
  });

  it('an acknowledgement of a whistle dispatch does not know refuses the statement, and is ignored in the transaction', async () => {
    const { caseId, whistleId, summons } = await blown();
    const unknown = { id: uuidv7(), departmentId: 'shangqin-judicial-office' };
    const { answer, sent } = await batches.consumeCounting([
      acknowledgement(caseId, whistleId, summons[0]!),
      acknowledgement(caseId, uuidv7(), unknown),
    ]);
    expect(answer).toEqual(['handled', 'handled']);
    expect(sent.some(transactionControl)).toBe(true);
    expect(await statusOf(summons[0]!.id)).toBe('acknowledged');
  });

  it('two acknowledgements of one summons in a batch go to a transaction: recorded once, at the first one’s time', async () => {
    const { caseId, whistleId, summons } = await blown();
    const first = acknowledgement(caseId, whistleId, summons[0]!);
    const { answer, sent } = await batches.consumeCounting([
      first,
      acknowledgement(caseId, whistleId, summons[0]!),
    ]);
    expect(answer).toEqual(['handled', 'handled']);
    expect(sent.some(transactionControl)).toBe(true);
    const [row] = await query('SELECT status, acknowledged_at FROM whistle_summons WHERE id = $1', [
      summons[0]!.id,
    ]);
    expect(row.status).toBe('acknowledged');
    expect(row.acknowledged_at).toEqual(
      new Date((first.payload as { acknowledgedAt: string }).acknowledgedAt),
    );
  });

  it('a batch with an arrival starts in a transaction (no statement refused first), and the arrival completes the whistle', async () => {
    const { caseId, whistleId, summons } = await blown();
    await batches.consume([arrival(caseId, whistleId, summons[0]!)]);
    const { answer, sent } = await batches.consumeCounting([
      acknowledgement(caseId, whistleId, summons[1]!),
      arrival(caseId, whistleId, summons[1]!),
    ]);
    expect(answer).toEqual(['handled', 'handled']);
    expect(transactionControl(sent[0]!)).toBe(true);
    const [whistle] = await query('SELECT status FROM whistles WHERE id = $1', [whistleId]);
    expect(whistle.status).toBe('completed');
  });
});
