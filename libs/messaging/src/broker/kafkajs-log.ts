import { logLevel, type LogEntry } from 'kafkajs';
import { errorCodes } from 'kafkajs/src/protocol/error';
import type { Logger } from '@chuishao/kernel';

/**
 * Kafka protocol errors kafkajs retries by itself (leader moved or not elected yet, coordinator
 * loading, a rebalance), from kafkajs' own table of error codes. kafkajs logs each at ERROR on
 * every attempt; when the retries run out the call rejects, and its caller logs that as a warning.
 */
const RETRIABLE_ERRORS: readonly string[] = errorCodes.filter((e) => e.retriable).map((e) => e.message);

function messagesOf(types: string[]): string[] {
  return errorCodes.filter((e) => types.includes(e.type)).map((e) => e.message);
}

/** What our own set-up makes kafkajs say, and handles. */
const EXPECTED_ERRORS: readonly string[] = [
  ...RETRIABLE_ERRORS,
  // A member joining or leaving a group: kafkajs rejoins by itself (not flagged retriable, but it is).
  // Services booting together race to create the same topics. kafkajs sums up a CreateTopics
  // answer with any per-topic error as "Topic creation errors"; whatever it held, ensureTopics then
  // checks that every topic exists and has leaders, and fails (loudly) when one does not.
  'Topic creation errors',
  ...messagesOf(['TOPIC_ALREADY_EXISTS', 'REBALANCE_IN_PROGRESS']),
];

const EXPECTED_MESSAGES = new Set([
  // The producer's retries are bounded on purpose: the relay keeps unsent rows in the outbox and
  // sends them again, and consumers drop a redelivered event (the inbox).
  'Limiting retries for the idempotent producer may invalidate EoS guarantees',
]);

/**
 * True for what kafkajs reports at WARN or ERROR although nothing is wrong: the retriable protocol
 * errors of a broker that has just started or created topics, and the known messages above.
 */
export function isExpectedKafkajsLog(message: string, fields: Record<string, unknown>): boolean {
  if (EXPECTED_MESSAGES.has(message)) return true;
  // A consumer that crashed is restarted, but why it crashed is worth seeing, whatever the error.
  if (message.startsWith('Crash:')) return false;
  const texts = [message, typeof fields.error === 'string' ? fields.error : ''];
  // kafkajs writes the error alone, as `error`, or after a prefix ("Failed to send messages: …").
  return texts.some((text) => text !== '' && EXPECTED_ERRORS.some((known) => text.endsWith(known)));
}

/** kafkajs' logCreator onto our logger: what is expected goes to debug, the rest to warn. */
export function kafkajsLogCreator(logger: Logger) {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, ...fields } = log;
      const entry = { namespace, ...fields };
      const loud = level === logLevel.ERROR || level === logLevel.WARN;
      if (loud && !isExpectedKafkajsLog(message, fields)) logger.warn(message, entry);
      else logger.debug(message, entry);
    };
}
