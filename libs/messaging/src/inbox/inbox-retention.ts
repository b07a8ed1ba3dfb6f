import type { Logger } from '@chuishao/kernel';
import type { DataSource } from 'typeorm';
import type { MessageBroker } from '../broker/broker';

/**
 * How long inbox rows must be kept: at least as long as Kafka may still hold their message, so a
 * replay from the start of a topic finds every id it applied and applies nothing twice. Learned
 * from each subscribed topic's `retention.ms` (plus `segment.ms`: Kafka deletes whole segments,
 * so a message outlives its retention by up to that) when the consumer starts. A topic that keeps
 * messages forever (-1), or whose retention is not known, never loses an inbox row.
 */
export class InboxRetention {
  /** Topic → ms its rows must be kept; null = forever. */
  private readonly keep = new Map<string, number | null>();

  constructor(
    private readonly broker: MessageBroker,
    private readonly logger: Logger,
  ) {}

  async learn(topics: string[]): Promise<void> {
    const retention = await this.broker.topicRetention(topics);
    for (const topic of topics) {
      const r = retention.get(topic);
      const known = r && Number.isFinite(r.retentionMs) && Number.isFinite(r.segmentMs);
      if (!known) continue; // unknown: kept forever, the safe side
      this.keep.set(topic, r.retentionMs < 0 ? null : r.retentionMs + Math.max(0, r.segmentMs));
    }
    this.logger.info('inbox rows kept as long as their topics keep messages', {
      topics: Object.fromEntries([...this.keep].map(([t, ms]) => [t, ms === null ? 'forever' : `${ms} ms`])),
    });
  }

  /**
   * Deletes inbox rows handled before both `minimumMs` ago and their topic's retention ago; rows
   * of a topic kept forever or not learned stay. Answers how many it deleted.
   */
  async sweep(dataSource: DataSource, now: Date, minimumMs: number): Promise<number> {
    const topics: string[] = [];
    const cutoffs: string[] = [];
    for (const [topic, ms] of this.keep) {
      if (ms === null) continue;
      topics.push(topic);
      cutoffs.push(new Date(now.getTime() - Math.max(minimumMs, ms)).toISOString());
    }
    if (topics.length === 0) return 0;
    const [, count] = (await dataSource.query(
      `DELETE FROM inbox i USING unnest($1::text[], $2::timestamptz[]) AS r(topic, cutoff)
       WHERE i.topic = r.topic AND i.handled_at < r.cutoff`,
      [topics, cutoffs],
    )) as [unknown, number];
    return count;
  }
}
