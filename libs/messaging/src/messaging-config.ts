import {
  envValue,
  loadSettings,
  positiveWholeNumber,
  refuse,
  text,
  type Environment,
} from '@chuishao/kernel';
import { z } from 'zod';

export interface MessagingConfig {
  brokers: string[];
  clientId: string;
  /** Consumer group of this service: replicas share it and split the partitions. */
  consumerGroup: string;
  /** Prepended to every topic and to the consumer group, so test runs never see each other. */
  topicPrefix: string;
  partitions: number;
  /**
   * -1 (the default) takes the broker's default.replication.factor, which the launcher sets from the
   * cluster's size: 1 on one broker, 3 on a cluster of three (with min.insync.replicas 2).
   */
  replicationFactor: number;
  /** Handler attempts before a message goes to the dead-letter topic. */
  maxAttempts: number;
  retryInitialDelayMs: number;
  /** Partitions handled in parallel by one instance (order within a partition is kept). */
  partitionsConsumedConcurrently: number;
  /**
   * Most events of one partition handled in one transaction. Larger batches pay the fixed cost
   * of a transaction less often but hold its locks longer.
   */
  consumerBatchSize: number;
  /**
   * How often the consumer's progress is checked: one left behind (lag, nothing handed over, at
   * two checks in a row) is restarted (transport/stall-guard.ts).
   */
  stallCheckMs: number;
  relayPollIntervalMs: number;
  relayBatchSize: number;
  /** Most bytes of event values the relay sends at once: under Kafka's request and batch limits. */
  relayBatchBytes: number;
}

/** -1: the broker's default.replication.factor; otherwise how many replicas. */
const replicationFactor = () =>
  envValue(-1, (value) => {
    const parsed = Number(value);
    return parsed === -1 || (Number.isInteger(parsed) && parsed > 0)
      ? parsed
      : refuse(`must be -1 (the broker's default) or a positive whole number, got ${value}`);
  });

const brokerList = () =>
  text('127.0.0.1:9092').transform((value) =>
    value
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
  );

function messagingSettingsSchema(service: string) {
  return z
    .object({
      KAFKA_BROKERS: brokerList().describe('bootstrap brokers, comma-separated'),
      KAFKA_CLIENT_ID: text(`chuishao-${service}`).describe('the client id the brokers log'),
      KAFKA_CONSUMER_GROUP: text(service).describe("this service's consumer group (after the prefix)"),
      KAFKA_TOPIC_PREFIX: z
        .string()
        .optional()
        .transform((value) => value ?? '')
        .describe('namespace for topics and consumer groups'),
      KAFKA_PARTITIONS: positiveWholeNumber(6).describe('partitions of each topic created at start-up'),
      KAFKA_REPLICATION_FACTOR: replicationFactor().describe('replicas of each topic created at start-up'),
      CONSUMER_MAX_ATTEMPTS: positiveWholeNumber(5).describe('handler attempts before the dead-letter topic'),
      CONSUMER_RETRY_DELAY_MS: positiveWholeNumber(200).describe('first retry of a failed handler'),
      CONSUMER_CONCURRENCY: positiveWholeNumber(3).describe('partitions handled in parallel per instance'),
      CONSUMER_BATCH_SIZE: positiveWholeNumber(50).describe(
        'most events of one partition in one transaction',
      ),
      CONSUMER_STALL_CHECK_MS: positiveWholeNumber(15_000).describe(
        'how often a consumer is checked for partitions left behind (restarted after two checks)',
      ),
      // A fallback: the relay is nudged when a transaction that wrote to the outbox commits, and
      // looks again soon when another replica holds its lock or an older transaction holds rows
      // back. Each pass is four statements: at 1 s, a third to a half of an idle service's CPU
      // (bench/FINDINGS.md).
      OUTBOX_POLL_INTERVAL_MS: positiveWholeNumber(5000).describe('outbox relay poll interval'),
      OUTBOX_BATCH_SIZE: positiveWholeNumber(200).describe('most events the relay sends at once'),
      OUTBOX_BATCH_BYTES: positiveWholeNumber(900_000).describe('…and most bytes of their values'),
    })
    .transform((env): MessagingConfig => ({
      brokers: env.KAFKA_BROKERS,
      clientId: env.KAFKA_CLIENT_ID,
      consumerGroup: `${env.KAFKA_TOPIC_PREFIX}${env.KAFKA_CONSUMER_GROUP}`,
      topicPrefix: env.KAFKA_TOPIC_PREFIX,
      partitions: env.KAFKA_PARTITIONS,
      replicationFactor: env.KAFKA_REPLICATION_FACTOR,
      maxAttempts: env.CONSUMER_MAX_ATTEMPTS,
      retryInitialDelayMs: env.CONSUMER_RETRY_DELAY_MS,
      partitionsConsumedConcurrently: env.CONSUMER_CONCURRENCY,
      consumerBatchSize: env.CONSUMER_BATCH_SIZE,
      stallCheckMs: env.CONSUMER_STALL_CHECK_MS,
      relayPollIntervalMs: env.OUTBOX_POLL_INTERVAL_MS,
      relayBatchSize: env.OUTBOX_BATCH_SIZE,
      relayBatchBytes: env.OUTBOX_BATCH_BYTES,
    }));
}

/** A value that is not a positive whole number stops the start, naming the variable. */
export function loadMessagingConfig(service: string, env: Environment = process.env): MessagingConfig {
  return loadSettings(messagingSettingsSchema(service), env);
}
