import { Client } from 'pg';
import { replayTopic, type ReplayRun } from './dlq-command';
import { LOGICAL_TOPICS, type PlantedDeadLetter } from './reconcile';
import { underLoad, type SuiteContext } from './scenario';
import type { Scenario } from './scenarios';
import { kafkaClient, readTopics, type TopicRecord } from './topics';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const NAME = 'every dead letter replayed with the DLQ command (the poison, and a planted valid event)';

/** An inbox row of a planted event: the delivery that applied it (a replay must not change it). */
interface InboxRow {
  consumer: string;
  topic: string;
  offset: string;
  handledAt: string;
  outcome: string;
}

interface Planted extends PlantedDeadLetter {
  inbox: InboxRow[];
}

const idOf = (value: string): string | undefined => {
  try {
    const id = (JSON.parse(value) as { id?: unknown }).id;
    return typeof id === 'string' ? id.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
};

async function inboxRows(ctx: SuiteContext, eventId: string): Promise<InboxRow[]> {
  const db = new Client({ connectionString: ctx.infra.databaseUrl });
  await db.connect();
  try {
    const rows: InboxRow[] = [];
    for (const service of ctx.system.consumers()) {
      const { rows: found } = await db.query(
        `SELECT consumer, topic, kafka_partition || '/' || kafka_offset AS offset,
                handled_at::text AS "handledAt", outcome
           FROM "${ctx.system.schemaOf(service)}".inbox WHERE event_id = $1::uuid ORDER BY consumer`,
        [eventId],
      );
      rows.push(...(found as InboxRow[]));
    }
    return rows;
  } finally {
    await db.end();
  }
}

/**
 * On `<topic>.dlq`, a copy of a real event of the topic that its consumers handled a while ago,
 * as the transport dead-letters (the original key, bytes and headers, and why, from where and by
 * which group: libs/messaging/src/transport/dead-letters.ts). None when the topic has no such event.
 */
async function plant(ctx: SuiteContext, topic: string): Promise<Planted | undefined> {
  const physical = ctx.system.topic(topic);
  const poison = new Set(ctx.poison.map((p) => p.value));
  const settledBefore = Date.now() - SETTLED_MS;
  const candidates = (await readTopics(ctx.infra.brokers, [physical]))
    .filter((r) => !poison.has(r.value) && !r.headers['dlq-replayed-from'])
    .filter((r) => (occurredAt(r.value) ?? Infinity) < settledBefore)
    .slice(-20)
    .reverse();
  for (const record of candidates) {
    const eventId = idOf(record.value)!;
    const inbox = await inboxRows(ctx, eventId);
    // Handled, not only skipped: the copy of an unknown type the poison scenario sent is skipped.
    const handled = inbox.find((row) => row.outcome === 'handled');
    if (!handled) continue;
    await deadLetterAs(ctx, record, handled.consumer);
    return { topic, value: record.value, eventId, inbox };
  }
  return undefined;
}

/** Long enough for every group to have handled an event (the load keeps them within seconds). */
const SETTLED_MS = 20_000;

function occurredAt(value: string): number | undefined {
  try {
    const at = Date.parse((JSON.parse(value) as { occurredAt?: string }).occurredAt ?? '');
    return Number.isNaN(at) ? undefined : at;
  } catch {
    return undefined; // not JSON: a poison message no group consumes
  }
}

async function deadLetterAs(ctx: SuiteContext, record: TopicRecord, group: string): Promise<void> {
  const producer = kafkaClient(ctx.infra.brokers, 'faults-plant').producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await producer.send({
      topic: `${record.topic}.dlq`,
      acks: -1,
      messages: [
        {
          key: record.key,
          value: record.value,
          headers: {
            ...record.headers,
            'dlq-error-code': 'HANDLER_FAILED',
            'dlq-error-message': 'planted by the fault suite: a valid event whose handler failed',
            'dlq-attempts': '5',
            'dlq-original-topic': record.topic,
            'dlq-original-partition': String(record.partition),
            'dlq-original-offset': record.offset,
            'dlq-consumer-group': group,
            'dlq-failed-at': new Date().toISOString(),
          },
        },
      ],
    });
  } finally {
    await producer.disconnect();
  }
}

/** What the command's runs must show: one audit line per dead letter, MALFORMED ones refused. */
function checkRuns(
  ctx: SuiteContext,
  runs: ReplayRun[],
  before: TopicRecord[],
  planted: Planted[],
): string[] {
  const problems: string[] = [];
  for (const run of runs) {
    if (run.exitCode !== 0)
      problems.push(`dlq replay ${run.topic} exited ${run.exitCode}: ${run.stderr.slice(-300)}`);
    if (run.summary !== `replayed ${run.replayed.length}, not replayed ${run.notReplayed.length}`)
      problems.push(`dlq replay ${run.topic} said "${run.summary}" with ${run.replayed.length} audit lines`);
  }
  const replayed = runs.flatMap((r) => r.replayed);
  const lines = new Set(
    [...replayed, ...runs.flatMap((r) => r.notReplayed)].map(
      (a) => `${a.dlqTopic}/${a.partition}/${a.offset}`,
    ),
  );
  const unaudited = before.filter((r) => !lines.has(`${r.topic}/${r.partition}/${r.offset}`));
  if (unaudited.length > 0) problems.push(`${unaudited.length} dead letters have no audit line`);
  const malformed = replayed.filter((a) => a.errorCode === 'MALFORMED_EVENT');
  if (malformed.length > 0) problems.push(`${malformed.length} MALFORMED dead letters were replayed`);
  const ids = new Set(replayed.map((a) => a.eventId?.toLowerCase()));
  for (const p of planted)
    if (!ids.has(p.eventId)) problems.push(`the planted ${p.topic} event was not replayed`);
  for (const p of ctx.poison) {
    const id = idOf(p.value);
    if (id && !ids.has(id)) problems.push(`${p.why} on ${p.topic} was not replayed`);
  }
  return problems;
}

/**
 * Under the load: a real, already handled event planted on each topic's DLQ, then every DLQ of
 * every topic replayed with the operators' command. The planted events change no inbox row (each
 * group finds the id: applied once), the MALFORMED poison is refused, the invalid payloads are
 * dead-lettered again (src/reconcile.ts allows each once more per replay), and every dead letter
 * has its audit line.
 */
export const dlqReplay: Scenario = {
  name: NAME,
  run: async (ctx) => {
    const planted: Planted[] = [];
    const row = await underLoad(ctx, NAME, async () => {
      const from = Date.now();
      const plantAll = async () => {
        for (const topic of LOGICAL_TOPICS) {
          const p = await plant(ctx, topic);
          if (p) planted.push(p);
        }
      };
      await plantAll();
      if (planted.length === 0) {
        // Run alone, the topics hold only this load's first events: let them settle, then plant.
        await pause(SETTLED_MS);
        await plantAll();
      }
      ctx.planted.push(...planted);
      ctx.log(`  planted on the DLQs of: ${planted.map((p) => p.topic).join(', ') || 'none'}`);
      const problems = planted.length === 0 ? ['no handled event could be planted on any DLQ'] : [];
      const before = await readTopics(
        ctx.infra.brokers,
        LOGICAL_TOPICS.map((t) => `${ctx.system.topic(t)}.dlq`),
      );
      const runs: ReplayRun[] = [];
      for (const topic of LOGICAL_TOPICS)
        runs.push(await replayTopic(topic, ctx.infra.brokers, ctx.system.topicPrefix));
      ctx.log(`  ${runs.map((r) => `${r.topic}: ${r.summary}`).join('; ')}`);
      for (const line of runs.flatMap((r) => r.replayed)) {
        const poison = ctx.poison.find(
          (p) =>
            ctx.system.topic(p.topic) === line.originalTopic && idOf(p.value) === line.eventId?.toLowerCase(),
        );
        if (poison) poison.replays = (poison.replays ?? 0) + 1;
      }
      problems.push(...checkRuns(ctx, runs, before, planted));
      return { from, to: Date.now(), problems };
    });
    row.problems.push(...(await afterReplay(ctx, planted)));
    return row;
  },
};

/**
 * Once drained: each planted event is back on its topic, and every group's inbox row of it is
 * the one from before (no group applied it again); each replayed poison was dead-lettered again
 * by every group that had dead-lettered it.
 */
async function afterReplay(ctx: SuiteContext, planted: Planted[]): Promise<string[]> {
  const problems: string[] = [];
  const topics = LOGICAL_TOPICS.map((t) => ctx.system.topic(t));
  const records = await readTopics(ctx.infra.brokers, [...topics, ...topics.map((t) => `${t}.dlq`)]);
  for (const p of planted) {
    const back = records.some(
      (r) => r.topic === ctx.system.topic(p.topic) && r.value === p.value && r.headers['dlq-replayed-from'],
    );
    if (!back) problems.push(`the planted ${p.topic} event is not back on its topic`);
    const now = await inboxRows(ctx, p.eventId);
    if (JSON.stringify(now) !== JSON.stringify(p.inbox))
      problems.push(
        `the replay of a handled ${p.topic} event changed the inbox: ${JSON.stringify(p.inbox)} → ${JSON.stringify(now)}`.slice(
          0,
          400,
        ),
      );
  }
  for (const p of ctx.poison.filter((x) => (x.replays ?? 0) > 0)) {
    const perGroup = new Map<string, number>();
    for (const r of records)
      if (r.topic === `${ctx.system.topic(p.topic)}.dlq` && r.value === p.value)
        perGroup.set(
          r.headers['dlq-consumer-group'],
          (perGroup.get(r.headers['dlq-consumer-group']) ?? 0) + 1,
        );
    for (const [group, n] of perGroup)
      if (n !== 1 + p.replays!)
        problems.push(
          `${p.why} on ${p.topic}: ${group} dead-lettered it ${n} times after ${p.replays} replay(s)`,
        );
  }
  ctx.log(
    `  checked ${planted.length} planted events and ${ctx.poison.filter((x) => x.replays).length} replayed poison messages`,
  );
  return problems;
}
