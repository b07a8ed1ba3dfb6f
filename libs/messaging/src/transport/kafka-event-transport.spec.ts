import { WhistleCompleted, createEvent } from '@chuishao/contracts';
import { FixedClock, JsonLogger, uuidv7 } from '@chuishao/kernel';
import type {
  IncomingBatch,
  IncomingRecord,
  MessageBroker,
  MessageProducer,
  OutgoingRecord,
} from '../broker/broker';
import type { Inbox } from '../inbox/inbox';
import type { MessagingConfig } from '../messaging-config';
import { COLLECTS_ITS_WRITES } from './collected-writes';
import { KafkaEventTransport } from './kafka-event-transport';

/** A valid WhistleCompleted of a case of its own. */
function whistleCompleted(id: string) {
  const caseId = uuidv7();
  return createEvent(WhistleCompleted, {
    id,
    occurredAt: new Date('2026-11-24T08:00:00Z'),
    caseId,
    correlationId: caseId,
    actor: { role: 'system', id: 'dispatch' },
    payload: {
      whistleId: uuidv7(),
      completedAt: '2026-11-24T08:00:00.000Z',
      arrivals: [{ summonsId: uuidv7(), departmentId: 'traffic', arrivedAt: '2026-11-24T08:00:00.000Z' }],
    },
  });
}

/** A transport over fakes of the inbox and the producer; no broker is ever reached. */
function transportOver(
  inbox: Inbox,
  config: MessagingConfig,
  producer: MessageProducer,
): KafkaEventTransport {
  return new KafkaEventTransport({
    broker: {} as MessageBroker,
    producer,
    inbox,
    config,
    clock: new FixedClock('2026-11-24T08:00:00Z'),
    logger: new JsonLogger({ service: 'test', level: 'error', write: () => undefined }),
    prepare: async () => undefined,
  });
}

/**
 * The consume path's retry rules, with the inbox and the producer faked: a valid event whose
 * handler meets a database outage is held and retried without limit, never dead-lettered; a
 * handler that fails on its own goes to the DLQ after its attempts.
 */
describe('KafkaEventTransport retries', () => {
  const sent: OutgoingRecord[] = [];
  const producer: MessageProducer = {
    send: async (records) => void sent.push(...records),
    disconnect: async () => undefined,
  };
  const inbox = {
    handleOnce: async (_consumer: string, _event: unknown, _position: unknown, work: () => Promise<void>) => {
      await work();
      return 'handled' as const;
    },
  } as unknown as Inbox;
  const config = {
    topicPrefix: '',
    consumerGroup: 'test',
    maxAttempts: 3,
    retryInitialDelayMs: 1,
  } as unknown as MessagingConfig;

  function transportWith(handler: (e: unknown) => Promise<void>) {
    const transport = transportOver(inbox, config, producer);
    transport.addHandler(WhistleCompleted.type, handler, true);
    return transport;
  }

  const event = whistleCompleted(uuidv7());
  const heartbeats: number[] = [];
  const record: IncomingRecord = {
    topic: 'whistles',
    partition: 0,
    offset: '7',
    key: event.caseId,
    value: Buffer.from(JSON.stringify(event)),
    headers: {},
    heartbeat: async () => void heartbeats.push(1),
  };

  beforeEach(() => {
    sent.length = 0;
    heartbeats.length = 0;
  });

  it('holds a valid event through a database outage longer than its attempts, then handles it', async () => {
    let calls = 0;
    const transport = transportWith(async () => {
      calls += 1;
      if (calls <= 6)
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    });
    await transport.handleRecord(record);
    expect(calls).toBe(7);
    expect(sent).toEqual([]); // nothing dead-lettered
    expect(heartbeats.length).toBe(6);
  });

  it('runs each of several handlers of one type exactly once, in order, though Nest chains them', async () => {
    const calls: string[] = [];
    // What Nest's wrapper of an event handler does: run the handler, and call `next` itself.
    const first = Object.assign(
      async (e: unknown) => {
        calls.push('first');
        if (first.next) await first.next(e);
      },
      { next: undefined as undefined | ((e: unknown) => Promise<void>) },
    );
    const transport = transportWith(first);
    transport.addHandler(WhistleCompleted.type, async () => void calls.push('second'), true);
    transport.addHandler(WhistleCompleted.type, async () => void calls.push('third'), true);
    await transport.handleRecord(record);
    await transport.handleRecord(record);
    expect(calls).toEqual(['first', 'second', 'third', 'first', 'second', 'third']);
  });

  it('dead-letters an event whose handler fails on its own after its attempts', async () => {
    let calls = 0;
    const transport = transportWith(async () => {
      calls += 1;
      throw Object.assign(new Error('summons is not known'), { code: 'SUMMONS_UNKNOWN' });
    });
    await transport.handleRecord(record);
    expect(calls).toBe(3);
    expect(sent).toHaveLength(1);
    expect(sent[0].topic).toBe('whistles.dlq');
    expect(sent[0].headers['dlq-error-code']).toBe('SUMMONS_UNKNOWN');
  });
});

/**
 * The batch rules, with the inbox faked: consecutive events go through one batch transaction, a
 * failed batch is retaken one event at a time, a dead letter splits the batch where it stands,
 * and an offset is resolved only once everything before it is done.
 */
describe('KafkaEventTransport batches', () => {
  const sent: OutgoingRecord[] = [];
  const producer: MessageProducer = {
    send: async (records) => void sent.push(...records),
    disconnect: async () => undefined,
  };
  const log: string[] = [];
  let failBatches = false;
  const inbox = {
    handleOnce: async (
      _consumer: string,
      event: { id: string },
      _position: unknown,
      work: () => Promise<void>,
    ) => {
      log.push(`one:${event.id}`);
      await work();
      return 'handled' as const;
    },
    handleBatchOnce: async (
      _consumer: string,
      entries: Array<{ event: { id: string } }>,
      work: (entry: unknown) => Promise<void>,
    ) => {
      log.push(`batch:${entries.map((e) => e.event.id).join(',')}`);
      for (const entry of entries) await work(entry);
      if (failBatches) throw new Error('deadlock detected');
      return entries.map(() => 'handled' as const);
    },
  } as unknown as Inbox;
  const config = {
    topicPrefix: '',
    consumerGroup: 'test',
    maxAttempts: 2,
    retryInitialDelayMs: 1,
    consumerBatchSize: 3,
  } as unknown as MessagingConfig;

  const handled: string[] = [];
  const transport = transportOver(inbox, config, producer);
  transport.addHandler(
    WhistleCompleted.type,
    async (event: { id: string }) => void handled.push(event.id),
    true,
  );

  function recordOf(offset: number, value: string): IncomingRecord {
    return {
      topic: 'whistles',
      partition: 0,
      offset: String(offset),
      key: 'k',
      value: Buffer.from(value),
      headers: {},
    };
  }
  function completed(id: string): string {
    return JSON.stringify(whistleCompleted(id));
  }
  function batchOf(records: IncomingRecord[]): IncomingBatch & { resolved: string[] } {
    const resolved: string[] = [];
    return {
      topic: 'whistles',
      partition: 0,
      records,
      resolved,
      resolve: (record) => void resolved.push(record.offset),
      heartbeat: async () => undefined,
      isActive: () => true,
    };
  }

  const ids = Array.from({ length: 5 }, () => uuidv7());

  beforeEach(() => {
    sent.length = 0;
    log.length = 0;
    handled.length = 0;
    failBatches = false;
  });

  it('handles consecutive events together, at most consumerBatchSize a transaction, resolving after each', async () => {
    const batch = batchOf(ids.map((id, i) => recordOf(i, completed(id))));
    await transport.handleBatch(batch);
    expect(log).toEqual([`batch:${ids.slice(0, 3).join(',')}`, `batch:${ids.slice(3).join(',')}`]);
    expect(handled).toEqual(ids);
    expect(batch.resolved).toEqual(['2', '4']);
  });

  it('splits the batch at a dead letter, keeping order, and resolves the dead letter itself', async () => {
    const records = [
      recordOf(0, completed(ids[0])),
      recordOf(1, completed(ids[1])),
      recordOf(2, 'not json'),
      recordOf(3, completed(ids[2])),
    ];
    const batch = batchOf(records);
    await transport.handleBatch(batch);
    expect(log).toEqual([`batch:${ids[0]},${ids[1]}`, `one:${ids[2]}`]);
    expect(sent.map((r) => r.topic)).toEqual(['whistles.dlq']);
    expect(batch.resolved).toEqual(['1', '2', '3']);
  });

  it('takes a failed batch one event at a time', async () => {
    failBatches = true;
    const batch = batchOf(ids.slice(0, 3).map((id, i) => recordOf(i, completed(id))));
    await transport.handleBatch(batch);
    expect(log).toEqual([`batch:${ids.slice(0, 3).join(',')}`, ...ids.slice(0, 3).map((id) => `one:${id}`)]);
    expect(batch.resolved).toEqual(['0', '1', '2']);
  });

  it('stops at once and resolves nothing more when the partition is taken away', async () => {
    const batch = {
      ...batchOf(ids.slice(0, 3).map((id, i) => recordOf(i, completed(id)))),
      isActive: () => false,
    };
    await transport.handleBatch(batch);
    expect(log).toEqual([]);
    expect(batch.resolved).toEqual([]);
  });
});

/**
 * A rolling deploy: a type this code does not know yet is skipped (recorded in the inbox as such,
 * counted), never dead-lettered; a newer version of a type handled here holds the partition
 * (nothing resolved, heartbeats, an alert) until new code takes it.
 */
describe('KafkaEventTransport and events newer than its code', () => {
  const sent: OutgoingRecord[] = [];
  const producer: MessageProducer = {
    send: async (records) => void sent.push(...records),
    disconnect: async () => undefined,
  };
  const recorded: string[] = [];
  const inbox = {
    handleOnce: async (
      _consumer: string,
      event: { type: string },
      _position: unknown,
      work: () => Promise<void>,
      { record = 'handled' }: { record?: string } = {},
    ) => {
      recorded.push(`${event.type}:${record}`);
      await work();
      return record;
    },
  } as unknown as Inbox;
  const config = {
    topicPrefix: '',
    consumerGroup: 'test',
    maxAttempts: 2,
    retryInitialDelayMs: 1,
    consumerBatchSize: 10,
  } as unknown as MessagingConfig;
  const outcomes: string[] = [];
  const warnings: string[] = [];
  const handled: string[] = [];
  const transport = new KafkaEventTransport({
    broker: {} as MessageBroker,
    producer,
    inbox,
    config,
    clock: new FixedClock('2026-11-24T08:00:00Z'),
    logger: new JsonLogger({
      service: 'test',
      level: 'warn',
      write: (line) => void warnings.push((JSON.parse(line) as { msg: string }).msg),
    }),
    prepare: async () => undefined,
    metrics: {
      eventsPublished: () => undefined,
      eventConsumed: (type, outcome) => void outcomes.push(`${type}:${outcome}`),
    },
  });
  transport.addHandler(WhistleCompleted.type, async (e: { id: string }) => void handled.push(e.id), true);

  function recordOf(offset: number, value: object): IncomingRecord {
    return {
      topic: 'whistles',
      partition: 0,
      offset: String(offset),
      key: 'k',
      value: Buffer.from(JSON.stringify(value)),
      headers: {},
    };
  }

  beforeEach(() => {
    sent.length = 0;
    recorded.length = 0;
    outcomes.length = 0;
    warnings.length = 0;
    handled.length = 0;
  });

  it('skips an event of a type it has never heard of, records it in the inbox and counts it', async () => {
    const event = { ...whistleCompleted(uuidv7()), type: 'WhistleRetuned', payload: { pitch: 'A4' } };
    await transport.handleRecord(recordOf(0, event));
    expect(sent).toEqual([]); // not a dead letter
    expect(recorded).toEqual(['WhistleRetuned:skipped']);
    expect(outcomes).toEqual(['WhistleRetuned:skipped']);
    expect(handled).toEqual([]);
  });

  it('holds the partition at a newer version of a type it handles, with an alert, until it loses it', async () => {
    const first = whistleCompleted(uuidv7());
    const newer = { ...whistleCompleted(uuidv7()), version: 2 };
    const after = whistleCompleted(uuidv7());
    const resolved: string[] = [];
    let heartbeats = 0;
    const batch: IncomingBatch = {
      topic: 'whistles',
      partition: 0,
      records: [recordOf(0, first), recordOf(1, newer), recordOf(2, after)],
      resolve: (record) => void resolved.push(record.offset),
      heartbeat: async () => void (heartbeats += 1),
      // The partition moves to an instance on new code after a few waits (a rebalance).
      isActive: () => heartbeats < 3,
    };
    await transport.handleBatch(batch);
    expect(handled).toEqual([first.id]); // what came before is handled; nothing after
    expect(resolved).toEqual(['0']); // the newer event is not committed: delivered again
    expect(sent).toEqual([]);
    expect(outcomes).toEqual(['WhistleCompleted:handled', 'WhistleCompleted:held']);
    expect(heartbeats).toBe(3);
    expect(warnings.some((w) => /newer version/.test(w))).toBe(true);
  });
});

/**
 * Closing while the consumer is still starting (topics being prepared) leaves nothing consuming:
 * a consumer created after close began used to live on and crash its process when the broker went.
 */
describe('KafkaEventTransport closed while starting', () => {
  it('never starts a consumer once close has begun, and close waits for the start to end', async () => {
    let releasePrepare: () => void = () => undefined;
    const prepared = new Promise<void>((resolve) => (releasePrepare = resolve));
    const consumersCreated: string[] = [];
    const transport = new KafkaEventTransport({
      broker: {
        consumer: (group: string) => {
          consumersCreated.push(group);
          return { run: async () => undefined, disconnect: async () => undefined };
        },
      } as unknown as MessageBroker,
      producer: { send: async () => undefined, disconnect: async () => undefined },
      inbox: {} as Inbox,
      config: { topicPrefix: '', consumerGroup: 'test' } as unknown as MessagingConfig,
      clock: new FixedClock('2026-11-24T08:00:00Z'),
      logger: new JsonLogger({ service: 'test', level: 'error', write: () => undefined }),
      prepare: () => prepared,
    });
    transport.addHandler(WhistleCompleted.type, async () => undefined, true);
    transport.listen(() => undefined);

    const closed = transport.close();
    releasePrepare();
    await closed;

    expect(consumersCreated).toEqual([]);
  });
});

/**
 * Which batches are tried as one statement: the transport asks the inbox for it when every
 * handler of every event in the batch carries COLLECTS_ITS_WRITES in its `@EventPattern`.
 */
describe('KafkaEventTransport and handlers that only collect their writes', () => {
  const asked: Array<boolean | undefined> = [];
  const inbox = {
    handleOnce: async (...args: unknown[]) => {
      asked.push((args[4] as { asOneStatement?: boolean }).asOneStatement);
      await (args[3] as () => Promise<void>)();
      return 'handled' as const;
    },
  } as unknown as Inbox;
  const config = { topicPrefix: '', consumerGroup: 'test', maxAttempts: 1, consumerBatchSize: 3 };
  const producer: MessageProducer = { send: async () => undefined, disconnect: async () => undefined };
  const record = (): IncomingRecord => ({
    topic: 'whistles',
    partition: 0,
    offset: '0',
    key: 'k',
    value: Buffer.from(JSON.stringify(whistleCompleted(uuidv7()))),
    headers: {},
  });

  beforeEach(() => (asked.length = 0));

  it('asks for one statement when every handler of the type is marked', async () => {
    const transport = transportOver(inbox, config as unknown as MessagingConfig, producer);
    transport.addHandler(WhistleCompleted.type, async () => undefined, true, COLLECTS_ITS_WRITES);
    await transport.handleRecord(record());
    expect(asked).toEqual([true]);
  });

  it('does not when one handler of the type is not marked', async () => {
    const transport = transportOver(inbox, config as unknown as MessagingConfig, producer);
    transport.addHandler(WhistleCompleted.type, async () => undefined, true, COLLECTS_ITS_WRITES);
    transport.addHandler(WhistleCompleted.type, async () => undefined, true);
    await transport.handleRecord(record());
    expect(asked).toEqual([false]);
  });
});
