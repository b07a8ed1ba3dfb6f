import {
  SummonsAcknowledged,
  type EventEnvelope,
  type EventOf,
  type WhistleBlown,
} from '@chuishao/contracts';
import { uuidv7 } from '@chuishao/kernel';
import { ConsumedBatches, type RunningService } from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { SummonsEventHandlers } from '../src/application/track-summons/summons-events.handlers';
import { TrackSummons } from '../src/application/track-summons/track-summons.use-case';
import { Script, startSlaTimer } from './support';

const TRAFFIC = 'ganzhou-traffic-police';
const JUDICIAL = 'shangqin-judicial-office';
const TOWN = 'shangqin-town-government';

/**
 * A consumed batch of departments' answers (acknowledged, arrived, declined) on real PostgreSQL:
 * one statement with its inbox rows when every answer takes its usual course; the batch in a
 * transaction, each answer the careful way, when one does not (the statement refused itself,
 * nothing of it written).
 */
describe('sla-timer: a batch of answers', () => {
  let sla: RunningService;
  let batches: ConsumedBatches;
  const built: EventEnvelope[] = [];
  const script = new Script(
    () => sla,
    async (event) => void built.push(event),
  );
  const query = (sql: string, params: unknown[] = []) => sla.app.get(DataSource).query(sql, params);
  const last = () => built[built.length - 1]!;

  beforeAll(async () => {
    sla = await startSlaTimer();
    batches = ConsumedBatches.start(sla, sla.app.get(SummonsEventHandlers));
  });

  afterAll(async () => {
    batches?.stop();
    await script.stop();
    await sla?.close();
  });

  /** A whistle's summons, started (their SLA rows and timers), due `deadlineInMs` from now. */
  async function started(deadlineInMs: number, departments = [TRAFFIC, JUDICIAL, TOWN]) {
    const caseId = uuidv7();
    const { whistleId, summons } = await script.blow(caseId, deadlineInMs, departments);
    await sla.app.get(TrackSummons).whistleBlown(last() as EventOf<typeof WhistleBlown>);
    return { caseId, whistleId, summons };
  }

  async function acknowledged(
    caseId: string,
    whistleId: string,
    s: { summonsId: string; departmentId: string },
  ) {
    await script.publish(SummonsAcknowledged, 'department-responses', caseId, {
      summonsId: s.summonsId,
      whistleId,
      departmentId: s.departmentId,
      acknowledgedAt: new Date().toISOString(),
    });
    return last();
  }
  const arrived = async (
    caseId: string,
    whistleId: string,
    s: { summonsId: string; departmentId: string },
  ) => {
    await script.arrive(caseId, whistleId, s, new Date());
    return last();
  };
  const declined = async (
    caseId: string,
    whistleId: string,
    s: { summonsId: string; departmentId: string },
  ) => {
    await script.decline(caseId, whistleId, s);
    return last();
  };
  const slaOf = async (summonsId: string) =>
    (
      await query('SELECT state, acknowledged_at, arrived_at FROM summons_sla WHERE summons_id = $1', [
        summonsId,
      ])
    )[0];
  const armedTimers = async (summonsId: string) =>
    (
      await query(`SELECT count(*)::int AS n FROM timers WHERE subject = $1 AND state = 'armed'`, [summonsId])
    )[0].n;

  it('answers that take their usual course are one statement with their inbox rows', async () => {
    const { caseId, whistleId, summons } = await started(600_000);
    const [traffic, judicial, town] = summons;
    const { answer, sent } = await batches.consumeCounting([
      await acknowledged(caseId, whistleId, traffic!),
      await arrived(caseId, whistleId, judicial!),
      await declined(caseId, whistleId, town!),
    ]);
    expect(answer).toEqual(['handled', 'handled', 'handled']);
    expect(sent).toHaveLength(1);
    expect(await slaOf(traffic!.summonsId)).toMatchObject({ state: 'running' });
    expect((await slaOf(traffic!.summonsId)).acknowledged_at).not.toBeNull();
    expect(await slaOf(judicial!.summonsId)).toMatchObject({ state: 'met' });
    expect(await slaOf(town!.summonsId)).toMatchObject({ state: 'withdrawn' });
    // Only the acknowledged summons still has its clock running.
    expect(await armedTimers(traffic!.summonsId)).toBeGreaterThan(0);
    expect(await armedTimers(judicial!.summonsId)).toBe(0);
    expect(await armedTimers(town!.summonsId)).toBe(0);
  });

  it('an answer that overtook its whistle refuses the statement: the batch runs in a transaction and parks it', async () => {
    const { caseId, whistleId, summons } = await started(600_000, [TRAFFIC]);
    const overtaking = { summonsId: uuidv7(), departmentId: JUDICIAL };
    const { answer, sent } = await batches.consumeCounting([
      await acknowledged(caseId, whistleId, summons[0]!),
      await acknowledged(caseId, whistleId, overtaking),
    ]);
    expect(answer).toEqual(['handled', 'handled']);
    expect(sent.length).toBeGreaterThan(1);
    expect((await slaOf(summons[0]!.summonsId)).acknowledged_at).not.toBeNull();
    const parked = await query('SELECT kind FROM early_responses WHERE summons_id = $1', [
      overtaking.summonsId,
    ]);
    expect(parked).toEqual([{ kind: 'acknowledged' }]);
  });

  it('a late arrival refuses the statement: recorded late in the transaction, with its breach', async () => {
    const { caseId, whistleId, summons } = await started(-1000, [TRAFFIC]);
    const { answer, sent } = await batches.consumeCounting([await arrived(caseId, whistleId, summons[0]!)]);
    expect(answer).toEqual(['handled']);
    expect(sent.length).toBeGreaterThan(1);
    expect(await slaOf(summons[0]!.summonsId)).toMatchObject({ state: 'late' });
    const breaches = await query('SELECT count(*)::int AS n FROM breaches WHERE summons_id = $1', [
      summons[0]!.summonsId,
    ]);
    expect(breaches[0].n).toBe(1);
  });

  it('an acknowledgement and the arrival of one summons in a batch: one statement, one transition, the acknowledgement’s time kept', async () => {
    const { caseId, whistleId, summons } = await started(600_000, [TRAFFIC]);
    const acknowledgement = await acknowledged(caseId, whistleId, summons[0]!);
    const arrival = await arrived(caseId, whistleId, summons[0]!);
    const { answer, sent } = await batches.consumeCounting([acknowledgement, arrival]);
    expect(answer).toEqual(['handled', 'handled']);
    expect(sent).toHaveLength(1);
    const after = await slaOf(summons[0]!.summonsId);
    expect(after).toMatchObject({ state: 'met' });
    const acknowledgedAt = (acknowledgement as EventOf<typeof SummonsAcknowledged>).payload.acknowledgedAt;
    expect(after.acknowledged_at).toEqual(new Date(acknowledgedAt));
  });

  it('an arrival, then an acknowledgement of one summons: not one transition, so a transaction, both recorded', async () => {
    const { caseId, whistleId, summons } = await started(600_000, [TRAFFIC]);
    const arrival = await arrived(caseId, whistleId, summons[0]!);
    const { answer, sent } = await batches.consumeCounting([
      arrival,
      await acknowledged(caseId, whistleId, summons[0]!),
    ]);
    expect(answer).toEqual(['handled', 'handled']);
    expect(sent.length).toBeGreaterThan(1);
    const after = await slaOf(summons[0]!.summonsId);
    expect(after).toMatchObject({ state: 'met' });
    expect(after.acknowledged_at).not.toBeNull();
  });
});
