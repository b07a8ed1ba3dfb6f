import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { cacheDir, KAFKA_VERSION } from '@chuishao/launcher';
import type { TappedMessage } from './event-tap';
import { round } from './stats';
import { uniqueTag } from './system';

/** The services' topics have this many partitions (libs/messaging: KAFKA_PARTITIONS, default 6). */
export const PARTITIONS = Number(process.env.KAFKA_PARTITIONS ?? 6);

export interface RawKafkajsRun {
  events: number;
  seconds: number;
  eventsPerSec: number;
}

function kafkaOf(brokers: string): Kafka {
  return new Kafka({
    clientId: 'chuishao-bench-raw',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  });
}

async function createTopic(brokers: string, topic: string): Promise<void> {
  const admin = kafkaOf(brokers).admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }],
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}

/**
 * kafkajs alone, through the same broker: the very events a pipeline run published (same values,
 * keys and headers, hence sizes and partitions) produced to a fresh topic of the same partition
 * count and consumed by a consumer group, both configured as libs/messaging configures them
 * (idempotent producer, acks=-1, one request in flight, batches the size of an outbox batch;
 * a consumer handling 3 partitions at once, message by message). No database, no HTTP: the
 * ceiling the pipeline's events could reach on this machine. Timed from the first send to the
 * last message consumed, producer and consumer running together.
 */
export async function runRawKafkajs(
  brokers: string,
  topicPrefix: string,
  events: readonly TappedMessage[],
  options: { batchSize: number; atLeast: number },
): Promise<RawKafkajsRun> {
  if (events.length === 0) throw new Error('no events to replay');
  // A run of a few hundred events would time the client's start-up, not its pace: the events
  // are replayed in order, over again, up to `atLeast`.
  const messages = Array.from(
    { length: Math.max(events.length, options.atLeast) },
    (_, i) => events[i % events.length],
  );
  const topic = `${topicPrefix}raw-kafkajs-${uniqueTag('')}`;
  await createTopic(brokers, topic);
  const kafka = kafkaOf(brokers);
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  const consumer = kafka.consumer({ groupId: `${topic}-group`, allowAutoTopicCreation: false });
  await producer.connect();
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    let consumed = 0;
    let lastConsumedAt = 0;
    let done: () => void = () => undefined;
    const allConsumed = new Promise<void>((resolve) => {
      done = resolve;
    });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({
      partitionsConsumedConcurrently: 3,
      eachMessage: async ({ message }) => {
        // What a service does first with each message: read it as JSON.
        JSON.parse(message.value?.toString('utf8') ?? 'null');
        consumed += 1;
        if (consumed === messages.length) {
          lastConsumedAt = Date.now();
          done();
        }
      },
    });
    await joined;
    const start = Date.now();
    for (let i = 0; i < messages.length; i += options.batchSize) {
      await producer.sendBatch({
        acks: -1,
        topicMessages: [
          {
            topic,
            messages: messages
              .slice(i, i + options.batchSize)
              .map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
          },
        ],
      });
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      allConsumed,
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`raw kafkajs: ${consumed} of ${messages.length} consumed after 120 s`)),
          120_000,
        );
      }),
    ]).finally(() => clearTimeout(timer));
    const seconds = (lastConsumedAt - start) / 1000;
    return {
      events: messages.length,
      seconds: round(seconds),
      eventsPerSec: round(messages.length / seconds),
    };
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
  }
}

export interface PerfToolsRun {
  records: number;
  recordBytes: number;
  producerRecordsPerSec: number;
  producerAvgLatencyMs: number;
  consumerRecordsPerSec: number;
}

/** The broker's own jars, plus kafka-tools (the perf-test classes), fetched with Maven if missing. */
async function toolsClasspath(): Promise<string> {
  const libs = path.join(cacheDir(), 'kafka', KAFKA_VERSION, 'libs');
  const tools = path.join(cacheDir(), 'kafka', KAFKA_VERSION, 'tools');
  if (!existsSync(path.join(libs, `kafka-tools-${KAFKA_VERSION}.jar`)) && !existsSync(tools)) {
    // The launcher's pom brings kafka-tools along; an older cache may lack it.
    await exec('mvn', [
      '-q',
      '-B',
      'dependency:copy',
      `-Dartifact=org.apache.kafka:kafka-tools:${KAFKA_VERSION}`,
      `-DoutputDirectory=${tools}`,
    ]);
  }
  const dirs = [libs, ...(existsSync(tools) && readdirSync(tools).length > 0 ? [tools] : [])];
  return dirs.map((d) => `${d}${path.sep}*`).join(path.delimiter);
}

function exec(command: string, args: string[], timeoutMs = 180_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${output.slice(-2000)}`));
    });
  });
}

/**
 * `kafka-producer-perf-test` and `kafka-consumer-perf-test` from the broker's own distribution
 * (org.apache.kafka.tools.ProducerPerformance / ConsumerPerformance, run with `java -cp`): the
 * same number of records of the pipeline's mean event size, acks=all, into a topic of the same
 * partition count, then read back. The JVM client's ceiling on this broker and machine.
 */
export async function runPerfTools(
  brokers: string,
  topicPrefix: string,
  records: number,
  recordBytes: number,
): Promise<PerfToolsRun> {
  const topic = `${topicPrefix}raw-perf-${uniqueTag('')}`;
  await createTopic(brokers, topic);
  const cp = await toolsClasspath();
  const java = ['-Xmx256m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-cp', cp];
  const produced = await exec('java', [
    ...java,
    'org.apache.kafka.tools.ProducerPerformance',
    '--topic',
    topic,
    '--num-records',
    String(records),
    '--record-size',
    String(recordBytes),
    '--throughput',
    '-1',
    '--producer-props',
    `bootstrap.servers=${brokers}`,
    'acks=all',
  ]);
  // "N records sent, X records/sec (Y MB/sec), Z ms avg latency, …"
  const sent = /(\d+) records sent, ([\d.]+) records\/sec \([\d.]+ MB\/sec\), ([\d.]+) ms avg latency/.exec(
    produced,
  );
  if (!sent) throw new Error(`unexpected ProducerPerformance output:\n${produced.slice(-1000)}`);
  const consumed = await exec('java', [
    ...java,
    'org.apache.kafka.tools.ConsumerPerformance',
    '--bootstrap-server',
    brokers,
    '--topic',
    topic,
    '--messages',
    String(records),
    '--group',
    `${topic}-group`,
    '--timeout',
    '60000',
  ]);
  // Header then one CSV line: start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, …
  const line = consumed
    .trim()
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^\d{4}-\d\d-\d\d/.test(l))
    .pop();
  const fields = line?.split(',').map((f) => f.trim());
  if (!fields || fields.length < 6)
    throw new Error(`unexpected ConsumerPerformance output:\n${consumed.slice(-1000)}`);
  return {
    records,
    recordBytes,
    producerRecordsPerSec: round(Number(sent[2])),
    producerAvgLatencyMs: round(Number(sent[3])),
    consumerRecordsPerSec: round(Number(fields[5])),
  };
}
