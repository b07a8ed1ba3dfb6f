import { logLevel } from 'kafkajs';
import type { Logger } from '@chuishao/kernel';
import { isExpectedKafkajsLog, kafkajsLogCreator } from './kafkajs-log';

describe('kafkajs log entries', () => {
  it('takes the retriable protocol errors of a broker electing leaders for expected', () => {
    expect(
      isExpectedKafkajsLog('Response ListOffsets(key: 2, version: 3)', {
        error: 'This server is not the leader for that topic-partition',
      }),
    ).toBe(true);
    expect(
      isExpectedKafkajsLog('Response Metadata(key: 3, version: 6)', {
        error: 'There is no leader for this topic-partition as we are in the middle of a leadership election',
      }),
    ).toBe(true);
    expect(
      isExpectedKafkajsLog(
        "Failed to send messages: The coordinator is loading and hence can't process requests for this group",
        {
          retryCount: 1,
        },
      ),
    ).toBe(true);
  });

  it('takes losing the race to create a topic, a rebalance and the bounded producer retries, for expected', () => {
    expect(
      isExpectedKafkajsLog('Response CreateTopics(key: 19, version: 3)', {
        error: 'Topic with this name already exists',
      }),
    ).toBe(true);
    expect(
      isExpectedKafkajsLog('Response CreateTopics(key: 19, version: 3)', { error: 'Topic creation errors' }),
    ).toBe(true);
    expect(
      isExpectedKafkajsLog('Response Heartbeat(key: 12, version: 3)', {
        error: 'The group is rebalancing, so a rejoin is needed',
      }),
    ).toBe(true);
    expect(
      isExpectedKafkajsLog('Limiting retries for the idempotent producer may invalidate EoS guarantees', {}),
    ).toBe(true);
  });

  it('keeps everything else loud: a refused connection, a refused request, a crash', () => {
    expect(isExpectedKafkajsLog('Connection error: connect ECONNREFUSED 127.0.0.1:9092', {})).toBe(false);
    expect(
      isExpectedKafkajsLog('Response Produce(key: 0, version: 7)', {
        error: 'The request included message batch larger than the configured segment size on the server',
      }),
    ).toBe(false);
    expect(
      isExpectedKafkajsLog('Crash: KafkaJSNumberOfRetriesExceeded: Number of retries exceeded', {}),
    ).toBe(false);
    expect(
      isExpectedKafkajsLog('Crash: KafkaJSProtocolError: This server does not host this topic-partition', {}),
    ).toBe(false);
  });

  it('logs the expected at debug and the rest at warn', () => {
    const logger = { warn: jest.fn(), debug: jest.fn() };
    const log = kafkajsLogCreator(logger as unknown as Logger)();
    const at = (level: logLevel, message: string, error?: string) =>
      log({ namespace: 'Connection', level, label: 'ERROR', log: { message, error, timestamp: 'now' } });

    at(
      logLevel.ERROR,
      'Response ListOffsets(key: 2, version: 3)',
      'This server is not the leader for that topic-partition',
    );
    at(logLevel.ERROR, 'Connection error: connect ECONNREFUSED 127.0.0.1:9092');
    at(logLevel.INFO, 'Starting');

    expect(logger.warn.mock.calls.map(([message]) => message)).toEqual([
      'Connection error: connect ECONNREFUSED 127.0.0.1:9092',
    ]);
    expect(logger.debug.mock.calls.map(([message]) => message)).toEqual([
      'Response ListOffsets(key: 2, version: 3)',
      'Starting',
    ]);
  });
});
