import { WhistleCompleted, createEvent } from '@chuishao/contracts';
import { FixedClock, JsonLogger, uuidv7 } from '@chuishao/kernel';
import type { IncomingRecord, MessageBroker, MessageProducer, OutgoingRecord } from '../broker/broker';
import type { Inbox } from '../inbox/inbox';
import type { MessagingConfig } from '../messaging-config';
import { KafkaEventTransport } from './kafka-event-transport';

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

  function transportWith(handler: () => Promise<void>) {
    const transport = new KafkaEventTransport({
      broker: {} as MessageBroker,
      producer,
      inbox,
      config,
      clock: new FixedClock('2026-11-24T08:00:00Z'),
      logger: new JsonLogger({ service: 'test', level: 'error', write: () => undefined }),
      prepare: async () => undefined,
    });
    transport.addHandler(WhistleCompleted.type, handler, true);
    return transport;
  }

  const caseId = uuidv7();
  const event = createEvent(WhistleCompleted, {
    id: uuidv7(),
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
  const heartbeats: number[] = [];
  const record: IncomingRecord = {
    topic: 'whistles',
    partition: 0,
    offset: '7',
    key: caseId,
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
