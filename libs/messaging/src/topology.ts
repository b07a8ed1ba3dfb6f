import { ALL_TOPICS, dlqTopicOf } from '@chuishao/contracts';
import type { MessageBroker, TopicSpec } from './broker/broker';
import type { MessagingConfig } from './messaging-config';

/** Every topic of SPEC "Events and topics" and its `.dlq` twin, with the configured partitions. */
export function topicSpecs(
  config: Pick<MessagingConfig, 'topicPrefix' | 'partitions' | 'replicationFactor'>,
): TopicSpec[] {
  return ALL_TOPICS.flatMap((topic) => [topic, dlqTopicOf(topic)]).map((topic) => ({
    name: `${config.topicPrefix}${topic}`,
    partitions: config.partitions,
    replicationFactor: config.replicationFactor,
  }));
}

/** Creates the topics once per process; later calls reuse the first success. */
export class Topology {
  private ready: Promise<void> | null = null;

  constructor(
    private readonly broker: MessageBroker,
    private readonly config: MessagingConfig,
  ) {}

  ensure(): Promise<void> {
    this.ready ??= this.broker.ensureTopics(topicSpecs(this.config)).catch((error: unknown) => {
      this.ready = null;
      throw error;
    });
    return this.ready;
  }
}
