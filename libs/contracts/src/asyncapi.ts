import { z } from 'zod';
import { envelopeSchema } from './envelope';
import { EVENT_DEFINITIONS } from './registry';
import { ALL_TOPICS, dlqTopicOf } from './topics';

/**
 * The AsyncAPI 3 document of every topic and event, generated from the same zod schemas that
 * validate messages, so documentation cannot drift from what is enforced.
 */
export function buildAsyncApiDocument(): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const definition of EVENT_DEFINITIONS) {
    const name = `${definition.type}.v${definition.version}`;
    messages[name] = {
      name: definition.type,
      title: `${definition.type} (version ${definition.version})`,
      summary: definition.description,
      contentType: 'application/json',
      headers: { type: 'object', properties: { 'event-type': { const: definition.type } } },
      payload: z.toJSONSchema(
        envelopeSchema.extend({
          type: z.literal(definition.type),
          version: z.literal(definition.version),
          payload: definition.payload,
        }),
        { unrepresentable: 'any' },
      ),
    };
  }
  for (const topic of ALL_TOPICS) {
    const topicMessages = EVENT_DEFINITIONS.filter((d) => d.topic === topic).map(
      (d) => `${d.type}.v${d.version}`,
    );
    channels[topic] = {
      address: topic,
      description: `Key: caseId (per-case order${
        EVENT_DEFINITIONS.some((d) => d.topic === topic && d.stream)
          ? '; events about no case (the legal calendar, the outside’s health): their stream’s fixed id'
          : ''
      }). Dead letters: ${dlqTopicOf(topic)}.`,
      messages: Object.fromEntries(topicMessages.map((m) => [m, { $ref: `#/components/messages/${m}` }])),
    };
    operations[`publish-${topic}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${topic}` },
      messages: topicMessages.map((m) => ({ $ref: `#/channels/${topic}/messages/${m}` })),
    };
  }
  return {
    asyncapi: '3.0.0',
    info: { title: 'chuishao events', version: '1.0.0', description: 'Center whistles, departments report.' },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages },
  };
}
