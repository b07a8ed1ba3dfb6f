import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer, type EachBatchPayload, type Producer } from 'kafkajs';
import { Pool } from 'pg';
import { FloorStore, type FloorEvent } from './floor-store';
import { round } from './stats';
import { deleteTopics, uniqueTag, type Infra } from './system';

export interface FloorRun {
  whistles: number;
  seconds: number;
  whistlesPerSec: number;
  /** CPU of the harness process per whistle (PostgreSQL's and Kafka's are not in it). */
  harnessCpuMsPerWhistle: number;
  consumerGroups: number;
}

/** The groups the real pipeline has: two act on events, the others keep a record of each. */
const ACTING = ['department', 'dispatch'] as const;
const RECORDING = ['intake', 'sla-timer', 'ops-console', 'mediation', 'judicial-confirmation'] as const;

interface Waiter {
  received: number;
  allReceived: Deferred;
  completed: Deferred;
}

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
}

function deferred(): Deferred {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/**
 * The floor on this machine: a whistle's necessary durable work with no framework, in this one
 * Node process over `pg` and kafkajs. One transaction per state change SPEC requires (the whistle
 * with its summons, each summons received, each acknowledgement, each arrival, the completion),
 * each writing its row and an outbox row; a relay sending the outbox in batches (nudged after each
 * commit, as the services' relays are); as many consumer groups as the pipeline has, each taking
 * batches and recording them in its inbox in one transaction, the department receiving summons and
 * dispatch completing whistles. Operators work in a closed loop, as the pipeline's do.
 */
export async function runFloor(
  infra: Infra,
  options: { operators: number; durationMs: number; eventBytes: number; log: (line: string) => void },
): Promise<FloorRun> {
  const pool = new Pool({ connectionString: infra.databaseUrl, max: 24 });
  const store = new FloorStore(
    pool,
    uniqueTag('bench_floor_'),
    'x'.repeat(Math.max(0, options.eventBytes - 200)),
  );
  const prefix = `${uniqueTag('bench')}.`;
  const topic = `${prefix}floor`;
  const kafka = new Kafka({
    clientId: 'chuishao-bench-floor',
    brokers: infra.kafkaBrokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const waiters = new Map<string, Waiter>();
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  const relay = new Relay(store, producer, topic);
  const consumers: Consumer[] = [];
  await store.create();
  try {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic, numPartitions: 6, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    await admin.disconnect();
    await producer.connect();
    for (const group of [...ACTING, ...RECORDING]) {
      consumers.push(await startGroup(kafka, topic, `${prefix}${group}`, (batch) => handle(group, batch)));
    }
    relay.start();
    const cpuBefore = process.cpuUsage();
    const start = Date.now();
    let completed = 0;
    let lastAt = start;
    const operator = async () => {
      while (Date.now() < start + options.durationMs) {
        await oneWhistle();
        completed += 1;
        lastAt = Date.now();
      }
    };
    await Promise.all(Array.from({ length: options.operators }, operator));
    const cpu = process.cpuUsage(cpuBefore);
    const seconds = (lastAt - start) / 1000;
    return {
      whistles: completed,
      seconds: round(seconds),
      whistlesPerSec: round(completed / Math.max(0.001, seconds)),
      harnessCpuMsPerWhistle: round((cpu.user + cpu.system) / 1000 / Math.max(1, completed)),
      consumerGroups: consumers.length,
    };
  } finally {
    await relay.stop();
    await Promise.all(consumers.map((c) => c.disconnect().catch(() => undefined)));
    await producer.disconnect().catch(() => undefined);
    await deleteTopics(infra.kafkaBrokers, prefix).catch(() => undefined);
    await store.drop().catch(() => undefined);
    await pool.end();
  }

  async function oneWhistle(): Promise<void> {
    const whistleId = randomUUID();
    const summonsIds = [randomUUID(), randomUUID(), randomUUID()];
    const waiter: Waiter = { received: 0, allReceived: deferred(), completed: deferred() };
    waiters.set(whistleId, waiter);
    await store.blow(whistleId, summonsIds);
    relay.nudge();
    await within(waiter.allReceived.promise, `whistle ${whistleId} received`);
    await Promise.all(
      summonsIds.map(async (id) => {
        await store.moveSummons(id, whistleId, 'acknowledged', 'SummonsAcknowledged');
        relay.nudge();
        await store.moveSummons(id, whistleId, 'arrived', 'DepartmentArrived');
        relay.nudge();
      }),
    );
    await within(waiter.completed.promise, `whistle ${whistleId} completed`);
    waiters.delete(whistleId);
  }

  async function handle(group: string, events: FloorEvent[]): Promise<void> {
    const completedWhistles = await store.transaction(async (db) => {
      const fresh = await store.remember(db, group, events);
      if (group !== 'dispatch') return [];
      return store.countArrivals(
        db,
        fresh.filter((e) => e.type === 'DepartmentArrived'),
      );
    });
    if (group === 'department') {
      for (const e of events.filter((x) => x.type === 'WhistleBlown')) {
        for (const id of e.summonsIds ?? []) {
          await store.moveSummons(id, e.whistleId, 'received', 'SummonsReceived');
          relay.nudge();
          const waiter = waiters.get(e.whistleId);
          if (waiter && ++waiter.received === 3) waiter.allReceived.resolve();
        }
      }
    }
    for (const whistleId of completedWhistles) {
      await store.complete(whistleId);
      relay.nudge();
    }
    if (group === 'intake') {
      for (const e of events)
        if (e.type === 'WhistleCompleted') waiters.get(e.whistleId)?.completed.resolve();
    }
  }
}

function within(promise: Promise<void>, what: string, ms = 60_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<void>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`floor: ${what} not seen within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function startGroup(
  kafka: Kafka,
  topic: string,
  groupId: string,
  handle: (events: FloorEvent[]) => Promise<void>,
): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({
    partitionsConsumedConcurrently: 3,
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary }: EachBatchPayload) => {
      if (batch.messages.length === 0) return;
      const events = batch.messages.map((m) => JSON.parse(m.value?.toString('utf8') ?? '{}') as FloorEvent);
      await handle(events);
      resolveOffset(batch.messages[batch.messages.length - 1].offset);
      await commitOffsetsIfNecessary();
    },
  });
  await joined;
  return consumer;
}

/** The outbox relay: batches of up to 500 rows, woken by a nudge after each commit. */
class Relay {
  private wake: (() => void) | null = null;
  /** A nudge came while a pass ran: pass again before waiting. */
  private nudged = false;
  private stopped = false;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: FloorStore,
    private readonly producer: Producer,
    private readonly topic: string,
  ) {}

  start(): void {
    this.loop = this.run();
  }

  nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.nudge();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      this.nudged = false;
      const sent = await this.store.relay(500, (rows) =>
        this.producer
          .send({
            topic: this.topic,
            acks: -1,
            messages: rows.map((r) => ({ key: r.key, value: JSON.stringify(r.payload) })),
          })
          .then(() => undefined),
      );
      // Nothing to send: wait for a nudge, or 50 ms at most (a commit the nudge missed).
      if (sent === 0 && !this.nudged && !this.stopped) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 50);
          this.wake = () => {
            clearTimeout(timer);
            this.wake = null;
            resolve();
          };
        });
      }
    }
  }
}
