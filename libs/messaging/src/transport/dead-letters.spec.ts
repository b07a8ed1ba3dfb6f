import type { IncomingRecord, OutgoingRecord } from '../broker/broker';
import { sendToDeadLetterTopic } from './dead-letters';

describe('sendToDeadLetterTopic', () => {
  it('copies the original bytes, a missing key and the headers, and adds why, where and when', async () => {
    const sent: OutgoingRecord[] = [];
    const producer = {
      send: async (records: OutgoingRecord[]) => void sent.push(...records),
      disconnect: async () => undefined,
    };
    // Not valid UTF-8: a re-encoding as text would turn these bytes into U+FFFD.
    const value = Buffer.from([0x7b, 0xff, 0xfe, 0x00, 0x7d]);
    const record: IncomingRecord = {
      topic: 'p_whistles',
      partition: 4,
      offset: '1207',
      key: null,
      value,
      headers: { 'event-type': 'WhistleBlown', traceparent: '00-abc-def-01' },
    };
    await sendToDeadLetterTopic(
      producer,
      record,
      'p_dispatch',
      { code: 'MALFORMED_EVENT', message: 'message value is not JSON', attempts: 0 },
      new Date('2026-12-02T07:00:00Z'),
    );
    expect(sent).toHaveLength(1);
    const [copy] = sent;
    expect(copy.topic).toBe('p_whistles.dlq');
    expect(copy.key).toBeNull();
    expect(Buffer.isBuffer(copy.value) && copy.value.equals(value)).toBe(true);
    expect(copy.headers).toEqual({
      'event-type': 'WhistleBlown',
      traceparent: '00-abc-def-01',
      'dlq-error-code': 'MALFORMED_EVENT',
      'dlq-error-message': 'message value is not JSON',
      'dlq-attempts': '0',
      'dlq-original-topic': 'p_whistles',
      'dlq-original-partition': '4',
      'dlq-original-offset': '1207',
      'dlq-consumer-group': 'p_dispatch',
      'dlq-failed-at': '2026-12-02T07:00:00.000Z',
    });
  });
});
