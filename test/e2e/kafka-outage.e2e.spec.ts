import { KafkaBroker } from '@chuishao/launcher';
import { TopicObserver, as, http, testEnv, waitFor } from '@chuishao/testing';
import { Client } from 'pg';
import { createServer } from 'node:net';
import { ANLIZHA_CASE, ok } from './api';
import { startSystem, type RunningSystem } from './system';

async function portPairFree(port: number): Promise<boolean> {
  const free = (p: number) =>
    new Promise<boolean>((resolve) => {
      const server = createServer().once('error', () => resolve(false));
      server.listen(p, '127.0.0.1', () => server.close(() => resolve(true)));
    });
  return (await free(port)) && (await free(port + 1));
}

const clerk = as('clerk');
const operator = as('operator');

describe('events survive a Kafka outage (dedicated broker, killed with SIGKILL and restarted)', () => {
  let broker: KafkaBroker;
  let system: RunningSystem;
  let observer: TopicObserver;

  beforeAll(async () => {
    let port = 29092;
    while (!(await portPairFree(port))) port += 2;
    broker = new KafkaBroker({ name: 'outage-test', port, log: () => undefined });
    const { brokers } = await broker.start();
    system = await startSystem({ services: ['intake', 'dispatch'], kafkaBrokers: brokers });
  });

  afterAll(async () => {
    await observer?.stop().catch(() => undefined);
    await system?.stop();
    await broker?.stop();
  });

  it('keeps accepting cases while the broker is down, then delivers every CaseRegistered exactly once in effect', async () => {
    const before = await ok(system.urls.intake, 'POST', '/cases', ANLIZHA_CASE, clerk);
    await waitFor(
      'dispatch to see the first case',
      async () =>
        (await http(system.urls.dispatch, 'GET', `/cases/${before.id}/whistles`, undefined, operator))
          .status === 200,
    );

    await broker.kill();
    const during: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const created = await http(
        system.urls.intake,
        'POST',
        '/cases',
        { ...ANLIZHA_CASE, headcount: i + 1 },
        clerk,
      );
      expect(created.status).toBe(201); // accepted: the event waits in the outbox
      during.push(created.body.id);
    }
    const waiting = await http(system.urls.intake, 'GET', '/health/ready');
    expect(waiting.status).toBe(503);
    expect(waiting.body.outboxBacklog).toBeGreaterThanOrEqual(5);

    const { brokers } = await broker.start();
    for (const caseId of during) {
      await waitFor(
        `dispatch to see case ${caseId} after the outage`,
        async () =>
          (await http(system.urls.dispatch, 'GET', `/cases/${caseId}/whistles`, undefined, operator))
            .status === 200,
        {
          timeoutMs: 120_000,
          intervalMs: 250,
        },
      );
    }
    await waitFor(
      'intake outbox to drain',
      async () => (await http(system.urls.intake, 'GET', '/health/ready')).body.outboxBacklog === 0,
      { timeoutMs: 60_000 },
    );

    observer = await new TopicObserver(brokers, [system.topic('cases')]).start();
    // The one from before the outage too: the observer reads every partition from its start, in
    // no set order, so seeing the later cases' partitions says nothing of the first one's.
    await waitFor('every CaseRegistered on the topic', () =>
      [before.id, ...during].every((id) => observer.events('CaseRegistered').some((e) => e.caseId === id)),
    );
    for (const caseId of [before.id, ...during]) {
      const ids = new Set(
        observer
          .events('CaseRegistered')
          .filter((e) => e.caseId === caseId)
          .map((e) => e.id),
      );
      expect(ids.size).toBe(1); // one event per case, however often it was (re)sent
    }

    const db = new Client({ connectionString: testEnv().DATABASE_URL });
    await db.connect();
    try {
      const schema = `${system.topicPrefix.replace(/\.$/, '')}_dispatch`;
      const { rows } = await db.query(
        `SELECT count(*)::int AS handled, count(DISTINCT event_id)::int AS distinct_events FROM "${schema}".inbox WHERE event_type = 'CaseRegistered'`,
      );
      expect(rows[0]).toEqual({ handled: 6, distinct_events: 6 });
      const known = await db.query(`SELECT count(*)::int AS n FROM "${schema}".known_cases`);
      expect(known.rows[0].n).toBe(6);
    } finally {
      await db.end();
    }
  });
});
