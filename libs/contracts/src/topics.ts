/** Kafka topics (SPEC "Events and topics"). Each has a dead-letter twin `<topic>.dlq`. */
export const TOPICS = {
  cases: 'cases',
  whistles: 'whistles',
  departmentResponses: 'department-responses',
  sla: 'sla',
  mediation: 'mediation',
  judicial: 'judicial',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

export const ALL_TOPICS: readonly Topic[] = Object.values(TOPICS);

export function dlqTopicOf(topic: string): string {
  return `${topic}.dlq`;
}

/**
 * Deployments (and test runs) may namespace topics with a prefix so several systems share one
 * broker without seeing each other's events.
 */
export function physicalTopic(prefix: string, topic: string): string {
  return `${prefix}${topic}`;
}
