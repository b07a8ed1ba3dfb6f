import { EventEmitter } from 'node:events';
import { KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError, type Producer } from 'kafkajs';
import { KafkajsProducer, lostProducerState } from './kafkajs-producer';

const outOfOrder = () =>
  new KafkaJSProtocolError({
    type: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
    code: 45,
    retriable: false,
    message: 'The broker received an out of order sequence number',
  } as unknown as Error);

/** A stand-in for one kafkajs producer: records what it was asked to send, fails while told to. */
function fakeProducer(failWith: () => Error | null) {
  const emitter = new EventEmitter();
  const sent: string[] = [];
  let disconnected = false;
  const producer = {
    events: { DISCONNECT: 'producer.disconnect' },
    on: (event: string, listener: () => void) => emitter.on(event, listener),
    connect: async () => undefined,
    disconnect: async () => {
      disconnected = true;
    },
    send: async ({ messages }: { messages: Array<{ value: string }> }) => {
      const error = failWith();
      if (error) throw error;
      sent.push(...messages.map((m) => m.value));
      return [];
    },
  } as unknown as Producer;
  return { producer, sent, isDisconnected: () => disconnected };
}

const sixEach = async (topics: string[]) => new Map(topics.map((topic) => [topic, 6]));

const record = { topic: 'cases', key: 'case-1', value: 'v1', headers: {} };

describe('KafkajsProducer', () => {
  it('recognises a lost producer state through the retrier’s wrapper, and nothing else', () => {
    expect(lostProducerState(outOfOrder())).toBe(true);
    expect(
      lostProducerState(new KafkaJSNumberOfRetriesExceeded(outOfOrder(), { retryCount: 5, retryTime: 1 })),
    ).toBe(true);
    expect(lostProducerState(new Error('Connection error'))).toBe(false);
    expect(
      lostProducerState(
        new KafkaJSProtocolError({
          type: 'NOT_ENOUGH_REPLICAS',
          code: 19,
          retriable: true,
          message: 'x',
        } as unknown as Error),
      ),
    ).toBe(false);
  });

  it('after OUT_OF_ORDER_SEQUENCE_NUMBER, fails that send and sends the next under a new producer', async () => {
    const first = fakeProducer(() => outOfOrder());
    const second = fakeProducer(() => null);
    const made = [first, second];
    const producer = new KafkajsProducer(() => made.shift()!.producer, sixEach);

    await expect(producer.send([record])).rejects.toThrow('out of order sequence number');
    expect(first.isDisconnected()).toBe(true);
    await producer.send([record]);
    expect(second.sent).toEqual(['v1']);
    expect(made).toHaveLength(0);
  });

  it('keeps its producer through an error that is not about its sequence', async () => {
    let failures = 1;
    const only = fakeProducer(() => (failures-- > 0 ? new Error('Connection error') : null));
    const factory = jest.fn(() => only.producer);
    const producer = new KafkajsProducer(factory, sixEach);

    await expect(producer.send([record])).rejects.toThrow('Connection error');
    await producer.send([record]);
    expect(factory).toHaveBeenCalledTimes(1);
    expect(only.sent).toEqual(['v1']);
    expect(only.isDisconnected()).toBe(false);
  });

  it('never has two requests for one partition in flight, within a send or across two', async () => {
    let inFlight = 0;
    let most = 0;
    const calls: string[][] = [];
    const one = fakeProducer(() => null);
    const send = one.producer.send.bind(one.producer);
    one.producer.send = (async (request: Parameters<typeof send>[0]) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      calls.push(request.messages.map((m) => String(m.value)));
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      return send(request);
    }) as typeof one.producer.send;
    const producer = new KafkajsProducer(
      () => one.producer,
      async (topics) => new Map(topics.map((t) => [t, 1])),
    );

    const records = (values: string[]) => values.map((value) => ({ ...record, key: `key-${value}`, value }));
    await Promise.all([producer.send(records(['a', 'b'])), producer.send(records(['c']))]);
    expect(most).toBe(1);
    expect(calls).toEqual([['a', 'b'], ['c']]);
  });
});
