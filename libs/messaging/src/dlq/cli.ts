#!/usr/bin/env node
import { JsonLogger, SystemClock } from '@chuishao/kernel';
import { userInfo } from 'node:os';
import { KafkajsBroker } from '../broker/kafkajs-broker';
import { readTopicToEnd } from '../broker/kafkajs-topic-reader';
import { loadMessagingConfig } from '../messaging-config';
import { DeadLetterReplay, type DeadLetter } from './dead-letter-replay';

const USAGE = `usage: npm run dlq -- list|show|replay <topic> [--id <eventId>]
  <topic>  a topic (whistles) or its dead-letter topic (whistles.dlq); KAFKA_TOPIC_PREFIX is prepended
  list     every dead letter of the topic: where, which event, why
  show     the dead letters of one event (--id), with their value and headers
  replay   put the dead letters (all, or --id) back on their topic; each consumer's inbox decides
Kafka: KAFKA_BROKERS (127.0.0.1:9092). Audit: one JSON line per message on stderr.`;

function parse(argv: string[]): { command: string; topic: string; id?: string } {
  const [command, topic, ...rest] = argv;
  const idAt = rest.indexOf('--id');
  const id = idAt >= 0 ? rest[idAt + 1] : undefined;
  if (!['list', 'show', 'replay'].includes(command ?? '') || !topic || (idAt >= 0 && !id))
    throw new Error(USAGE);
  if (command === 'show' && !id) throw new Error(`show needs --id <eventId>\n${USAGE}`);
  return { command, topic, id };
}

function line(d: DeadLetter): string {
  return `${d.dlqTopic}/${d.partition}/${d.offset}  ${d.eventType ?? '-'} ${d.eventId ?? '-'}  group=${d.consumerGroup ?? '-'}  ${d.errorCode ?? '-'}: ${(d.errorMessage ?? '').slice(0, 120)}`;
}

function detail(d: DeadLetter): string {
  const { record, ...facts } = d;
  return JSON.stringify(
    { ...facts, key: record.key, headers: record.headers, value: record.value?.toString('utf8') ?? null },
    null,
    2,
  );
}

async function main(): Promise<void> {
  const { command, topic, id } = parse(process.argv.slice(2));
  const config = loadMessagingConfig('dlq');
  const physical = topic.startsWith(config.topicPrefix) ? topic : `${config.topicPrefix}${topic}`;
  const logger = new JsonLogger({ service: 'dlq', write: (l) => process.stderr.write(`${l}\n`) });
  const broker = new KafkajsBroker({ brokers: config.brokers, clientId: 'chuishao-dlq', logger });
  const producer = broker.producer();
  const tool = new DeadLetterReplay({
    read: (t) => readTopicToEnd(config.brokers, t),
    producer,
    logger,
    clock: new SystemClock(),
    operator: process.env.DLQ_OPERATOR ?? userInfo().username,
  });
  try {
    if (command === 'list') for (const d of await tool.list(physical)) process.stdout.write(`${line(d)}\n`);
    if (command === 'show')
      for (const d of await tool.show(physical, id!)) process.stdout.write(`${detail(d)}\n`);
    if (command === 'replay') {
      const { replayed, notReplayed } = await tool.replay(physical, id);
      process.stdout.write(`replayed ${replayed.length}, not replayed ${notReplayed.length}\n`);
    }
  } finally {
    await producer.disconnect().catch(() => undefined);
    await broker.disconnect();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
