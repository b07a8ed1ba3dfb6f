import { WhistleBlown } from '@chuishao/contracts';
import { FixedClock, uuidv7 } from '@chuishao/kernel';
import {
  assertTestDatabase,
  createServiceDataSource,
  initializeServiceDatabase,
  runInRequestScope,
  TransactionHost,
} from '@chuishao/persistence';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { EventFactory } from '../src/event-factory';
import { messagingMigrations } from '../src/migrations';
import { OutboxWriter } from '../src/outbox/outbox-writer';

describe('outbox and audit trail (real PostgreSQL)', () => {
  let dataSource: DataSource;
  let transactions: TransactionHost;
  const outbox = new OutboxWriter({ topicPrefix: '' });
  const events = new EventFactory(new FixedClock('2018-10-15T08:00:00Z'));

  const whistleBlown = (caseId: string) =>
    events.build(
      WhistleBlown,
      caseId,
      { actor: { role: 'operator', id: 'op-9' }, correlationId: 'req-1' },
      {
        whistleId: uuidv7(),
        caseNo: 'ALZ-2018-000001',
        centerId: 'anlizha-village',
        disputeType: 'road_traffic',
        urgency: 'urgent',
        reason: null,
        blownAt: '2018-10-15T08:00:00.000Z',
        arrivalDeadline: '2018-10-15T08:30:00.000Z',
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
    );

  beforeAll(async () => {
    // libs/testing depends on this lib, so this test reads the run's database directly.
    const url = process.env.DATABASE_URL!;
    assertTestDatabase(url);
    dataSource = createServiceDataSource({
      database: {
        url,
        schema: `audit${randomBytes(4).toString('hex')}`,
        applicationName: 'audit-test',
      },
      entities: [],
      migrations: messagingMigrations,
    });
    await initializeServiceDatabase(dataSource);
    transactions = new TransactionHost(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  it('records who, what, when, the request and its Idempotency-Key with each event, in the same transaction', async () => {
    const caseId = uuidv7();
    const event = whistleBlown(caseId);
    await runInRequestScope({ requestId: 'req-1', idempotencyKey: 'whistle-once' }, () =>
      transactions.run((manager) => outbox.append(manager, [event])),
    );
    const [row] = await dataSource.query('SELECT * FROM audit_log WHERE event_id = $1', [event.id]);
    expect(row).toMatchObject({
      actor_role: 'operator',
      actor_id: 'op-9',
      action: 'WhistleBlown',
      entity_type: 'whistle',
      entity_id: event.payload.whistleId,
      case_id: caseId,
      request_id: 'req-1',
      idempotency_key: 'whistle-once',
    });
    expect(new Date(row.occurred_at).toISOString()).toBe('2018-10-15T08:00:00.000Z');
  });

  it('appends several events in their order: the relay publishes by seq, so the outbox keeps it', async () => {
    const caseId = uuidv7();
    const appended = Array.from({ length: 5 }, () => whistleBlown(caseId));
    await transactions.run((manager) => outbox.append(manager, appended));
    const rows: Array<{ event_id: string; message_key: string; envelope: { id: string } }> =
      await dataSource.query(
        'SELECT event_id, message_key, envelope FROM outbox WHERE message_key = $1 ORDER BY seq',
        [caseId],
      );
    expect(rows.map((r) => r.event_id)).toEqual(appended.map((e) => e.id));
    expect(rows.map((r) => r.envelope)).toEqual(appended.map((e) => JSON.parse(JSON.stringify(e))));
    const audited: Array<{ event_id: string }> = await dataSource.query(
      'SELECT event_id FROM audit_log WHERE case_id = $1 ORDER BY id',
      [caseId],
    );
    expect(audited.map((r) => r.event_id)).toEqual(appended.map((e) => e.id));
  });

  it('appends with a change in one statement, outside any transaction, only if the change returned a row', async () => {
    await dataSource.query('CREATE TABLE IF NOT EXISTS things (id uuid PRIMARY KEY, status text NOT NULL)');
    const id = uuidv7();
    await dataSource.query(`INSERT INTO things (id, status) VALUES ($1, 'open')`, [id]);
    const close = {
      sql: `UPDATE things SET status = 'closed' WHERE id = $1 AND status = 'open' RETURNING id, status`,
      params: [id],
    };

    const first = whistleBlown(uuidv7());
    const changed = await outbox.appendWithChange<{ id: string; status: string }>(dataSource.manager, close, [
      first,
    ]);
    expect(changed).toEqual([{ id, status: 'closed' }]);
    expect(await dataSource.query('SELECT 1 FROM outbox WHERE event_id = $1', [first.id])).toHaveLength(1);
    expect(await dataSource.query('SELECT 1 FROM audit_log WHERE event_id = $1', [first.id])).toHaveLength(1);

    const second = whistleBlown(uuidv7());
    expect(await outbox.appendWithChange(dataSource.manager, close, [second])).toEqual([]);
    expect(await dataSource.query('SELECT 1 FROM outbox WHERE event_id = $1', [second.id])).toHaveLength(0);
    expect(await dataSource.query('SELECT 1 FROM audit_log WHERE event_id = $1', [second.id])).toHaveLength(
      0,
    );
  });

  it('writes nothing, neither outbox nor audit row, when the change rolls back', async () => {
    const event = whistleBlown(uuidv7());
    await expect(
      transactions.run(async (manager) => {
        await outbox.append(manager, [event]);
        throw new Error('the business change failed after the events were appended');
      }),
    ).rejects.toThrow('business change failed');
    expect(await dataSource.query('SELECT 1 FROM outbox WHERE event_id = $1', [event.id])).toHaveLength(0);
    expect(await dataSource.query('SELECT 1 FROM audit_log WHERE event_id = $1', [event.id])).toHaveLength(0);
  });

  it('is append-only: UPDATE, DELETE and TRUNCATE are refused, even for the owner', async () => {
    const event = whistleBlown(uuidv7());
    await transactions.run((manager) => outbox.append(manager, [event]));
    await expect(
      dataSource.query(`UPDATE audit_log SET actor_id = 'someone-else' WHERE event_id = $1`, [event.id]),
    ).rejects.toThrow(/append-only/);
    await expect(dataSource.query('DELETE FROM audit_log WHERE event_id = $1', [event.id])).rejects.toThrow(
      /append-only/,
    );
    await expect(dataSource.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    const [row] = await dataSource.query('SELECT actor_id FROM audit_log WHERE event_id = $1', [event.id]);
    expect(row.actor_id).toBe('op-9');
  });

  it('refuses to append an event that breaks its contract', async () => {
    const event = { ...whistleBlown(uuidv7()), payload: { whistleId: 'not-a-uuid' } };
    await expect(transactions.run((manager) => outbox.append(manager, [event]))).rejects.toThrow();
  });
});
