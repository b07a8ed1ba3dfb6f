import { Client } from 'pg';
import type { CaseRun } from './load';
import { checkWarningsIssued } from './reconcile-warnings';
import type { FaultSystem, ServiceName } from './system';
import { consumerLag, readTopics, withAdmin, type TopicRecord } from './topics';

export const LOGICAL_TOPICS = ['cases', 'whistles', 'department-responses', 'sla', 'mediation', 'judicial'];

/** A message the suite put on a topic on purpose; it must end up in the DLQ and nowhere else. */
export interface PoisonMessage {
  topic: string;
  value: string;
  why: string;
  /**
   * Times the DLQ command put it back on its topic: each consumer group that dead-lettered it
   * reads it again and dead-letters it once more, so it may be in the DLQ 1 + replays times.
   */
  replays?: number;
}

/**
 * A copy of a real event, already handled, that the suite put on `<topic>.dlq` as a consumer
 * would have dead-lettered it (src/dlq-replay.ts): an expected dead letter, not a lost effect.
 */
export interface PlantedDeadLetter {
  topic: string;
  value: string;
  eventId: string;
}

export interface Findings {
  lost: string[];
  duplicates: string[];
  /** Broken promises that lost nothing: a valid event in a DLQ whose effect happened anyway. */
  other: string[];
  /** How much was checked, so a clean result is visibly not an empty one. */
  checked: {
    cases: number;
    summons: number;
    arrivals: number;
    breaches: number;
    escalations: number;
    warnings: number;
    deadLetters: number;
  };
}

export interface ReconcileContext {
  system: FaultSystem;
  brokers: string;
  databaseUrl: string;
  poison: PoisonMessage[];
  planted: PlantedDeadLetter[];
  /** SLA_ESCALATION_SECONDS and SLA_ESCALATION_LEVELS the system runs with. */
  escalationSeconds: number;
  escalationLevels: number;
  /**
   * Dead letters (topic/partition/offset) and duplicates already counted by an earlier scenario:
   * topics are shared by the run, and each finding belongs to the scenario during which it appeared.
   */
  reportedDeadLetters: Set<string>;
}

async function withDb<T>(url: string, use: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    return await use(db);
  } finally {
    await db.end().catch(() => undefined);
  }
}

/** Unpublished outbox rows per service (0 everywhere once the relays caught up). */
export async function outboxBacklog(ctx: ReconcileContext): Promise<Record<string, number>> {
  return withDb(ctx.databaseUrl, async (db) => {
    const backlog: Record<string, number> = {};
    for (const service of ctx.system.consumers()) {
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM "${ctx.system.schemaOf(service)}".outbox WHERE published_at IS NULL`,
      );
      backlog[service] = rows[0].n;
    }
    return backlog;
  });
}

/** Lag per consumer group of the system (the group is the prefixed service name). */
export async function lagByGroup(ctx: ReconcileContext): Promise<Record<string, number>> {
  const topics = LOGICAL_TOPICS.map((t) => ctx.system.topic(t));
  return withAdmin(ctx.brokers, async (admin) => {
    const existing = new Set(await admin.listTopics());
    const present = topics.filter((t) => existing.has(t));
    const lag: Record<string, number> = {};
    for (const service of ctx.system.consumers()) {
      lag[service] = await consumerLag(admin, `${ctx.system.topicPrefix}${service}`, present);
    }
    return lag;
  });
}

/** Timers whose due time passed a while ago and are still armed: a fire that did not happen. */
export async function overdueTimers(ctx: ReconcileContext, graceSeconds: number): Promise<number> {
  if (!ctx.system.services.includes('sla-timer')) return 0;
  return withDb(ctx.databaseUrl, async (db) => {
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM "${ctx.system.schemaOf('sla-timer')}".timers
        WHERE state = 'armed' AND due_at < now() - make_interval(secs => $1)`,
      [graceSeconds],
    );
    return rows[0].n as number;
  });
}

const sum = (values: Record<string, number>) => Object.values(values).reduce((a, b) => a + b, 0);

/** True once every outbox is empty, every group has caught up and no due timer waits. */
export async function drained(ctx: ReconcileContext): Promise<string | true> {
  const backlog = await outboxBacklog(ctx);
  if (sum(backlog) > 0) return `outbox backlog ${JSON.stringify(backlog)}`;
  const lag = await lagByGroup(ctx);
  if (sum(lag) > 0) return `consumer lag ${JSON.stringify(lag)}`;
  const overdue = await overdueTimers(ctx, 5);
  if (overdue > 0) return `${overdue} timers overdue`;
  return true;
}

interface Envelope {
  id: string;
  type: string;
  version: number;
  caseId: string;
  payload: Record<string, unknown>;
}

function parse(record: TopicRecord): Envelope | undefined {
  try {
    const value = JSON.parse(record.value) as Envelope;
    return typeof value === 'object' && value !== null && typeof value.type === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Distinct event ids per key (an event redelivered is one event; two ids for one fact is a duplicate). */
function distinctIds(
  events: Envelope[],
  keyOf: (e: Envelope) => string | undefined,
): Map<string, Set<string>> {
  const by = new Map<string, Set<string>>();
  for (const e of events) {
    const key = keyOf(e);
    if (key === undefined) continue;
    const ids = by.get(key) ?? new Set<string>();
    ids.add(e.id);
    by.set(key, ids);
  }
  return by;
}

/**
 * The reconciliation after a scenario: the services' own tables and the topics against what the
 * load was told (2xx answers). Anything acknowledged and missing is lost; any fact recorded twice
 * is a duplicate.
 */
export async function reconcile(ctx: ReconcileContext, cases: CaseRun[]): Promise<Findings> {
  const { system } = ctx;
  const lost: string[] = [];
  const duplicates: string[] = [];
  const other: string[] = [];
  const checked = {
    cases: 0,
    summons: 0,
    arrivals: 0,
    breaches: 0,
    escalations: 0,
    warnings: 0,
    deadLetters: 0,
  };
  const schema = (s: ServiceName) => `"${system.schemaOf(s)}"`;

  const records = await readTopics(
    ctx.brokers,
    LOGICAL_TOPICS.flatMap((t) => [system.topic(t), `${system.topic(t)}.dlq`]),
  );
  // The poison copies (a real event with a broken payload and a new id) are not facts.
  const poisonValues = new Set(ctx.poison.map((p) => p.value));
  const events = records
    .filter((r) => !r.topic.endsWith('.dlq') && !poisonValues.has(r.value))
    .map(parse)
    .filter((e): e is Envelope => e !== undefined);
  const ofType = (type: string) => events.filter((e) => e.type === type);

  await withDb(ctx.databaseUrl, async (db) => {
    // Every case accepted with a 2xx exists, once.
    const markers = cases.map((c) => c.marker);
    const intakeCases = await db.query(
      `SELECT id, summary FROM ${schema('intake')}.cases WHERE summary LIKE ANY($1::text[])`,
      [markers.map((m) => `%(${m})`)],
    );
    for (const c of cases) {
      const rows = intakeCases.rows.filter((r) => (r.summary as string).endsWith(`(${c.marker})`));
      if (c.caseId && !rows.some((r) => r.id === c.caseId))
        lost.push(`case ${c.caseId} (${c.marker}) accepted, not in intake`);
      if (rows.length > 1) duplicates.push(`case ${c.marker} registered ${rows.length} times`);
    }
    const caseIds = cases.flatMap((c) => (c.caseId ? [c.caseId] : []));
    checked.cases = caseIds.length;
    checked.summons = cases.reduce((n, c) => n + c.summons.length, 0);
    checked.arrivals = cases.reduce((n, c) => n + c.summons.filter((s) => s.arrived).length, 0);
    const registered = distinctIds(ofType('CaseRegistered'), (e) => e.caseId);
    for (const id of caseIds) {
      const n = registered.get(id)?.size ?? 0;
      if (n === 0) lost.push(`CaseRegistered of ${id} never published`);
      if (n > 1) duplicates.push(`CaseRegistered of ${id} published as ${n} events`);
    }

    // Every whistle has every summons, in dispatch and in department (its read model of them).
    const whistles = await db.query(
      `SELECT w.id, w.case_id, count(s.id)::int AS summons FROM ${schema('dispatch')}.whistles w
         LEFT JOIN ${schema('dispatch')}.whistle_summons s ON s.whistle_id = w.id
        WHERE w.case_id = ANY($1::uuid[]) GROUP BY w.id, w.case_id`,
      [caseIds],
    );
    const departmentSummons = await db.query(
      `SELECT id, whistle_id, status, arrived_at FROM ${schema('department')}.summons WHERE case_id = ANY($1::uuid[])`,
      [caseIds],
    );
    const dispatchSummons = await db.query(
      `SELECT id, status, acknowledged_at, arrived_at FROM ${schema('dispatch')}.whistle_summons s
        WHERE whistle_id IN (SELECT id FROM ${schema('dispatch')}.whistles WHERE case_id = ANY($1::uuid[]))`,
      [caseIds],
    );
    const arrivedEvents = distinctIds(ofType('DepartmentArrived'), (e) => e.payload.summonsId as string);
    const trail = await db.query(
      `SELECT case_id, type, count(*)::int AS n FROM ${schema('intake')}.case_trail
        WHERE case_id = ANY($1::uuid[]) GROUP BY case_id, type`,
      [caseIds],
    );
    for (const c of cases) {
      if (!c.caseId) continue;
      const ofCase = whistles.rows.filter((w) => w.case_id === c.caseId);
      if (ofCase.length > 1) duplicates.push(`case ${c.caseId} has ${ofCase.length} whistles`);
      if (!c.whistleId) continue;
      const w = ofCase.find((x) => x.id === c.whistleId);
      if (!w) {
        lost.push(`whistle ${c.whistleId} accepted, not in dispatch`);
        continue;
      }
      if (w.summons !== c.summons.length)
        lost.push(`whistle ${c.whistleId}: dispatch has ${w.summons} summons, answered ${c.summons.length}`);
      const blown = trail.rows.find((t) => t.case_id === c.caseId && t.type === 'WhistleBlown');
      if (!blown) lost.push(`intake's trail of ${c.caseId} misses WhistleBlown`);
      for (const s of c.summons) {
        const inDepartment = departmentSummons.rows.filter((x) => x.id === s.id);
        if (inDepartment.length === 0)
          lost.push(`summons ${s.id} of whistle ${c.whistleId} missing in department`);
        const d = dispatchSummons.rows.find((x) => x.id === s.id);
        if (s.acknowledged && !d?.acknowledged_at)
          lost.push(`summons ${s.id} acknowledgement not recorded by dispatch`);
        if (!s.arrived) continue;
        // Every arrival is recorded once: one event, and both owners saw it.
        const n = arrivedEvents.get(s.id)?.size ?? 0;
        if (n === 0) lost.push(`arrival of summons ${s.id} accepted, no DepartmentArrived`);
        if (n > 1) duplicates.push(`arrival of summons ${s.id} published as ${n} events`);
        if (!inDepartment.some((x) => x.status === 'arrived'))
          lost.push(`summons ${s.id} not arrived in department`);
        if (!d?.arrived_at) lost.push(`summons ${s.id} arrival not recorded by dispatch`);
      }
    }
    for (const row of trail.rows) {
      // The trail is keyed by event id; one fact appearing twice there means two events for it.
      if (['CaseRegistered', 'WhistleBlown', 'WhistleCompleted'].includes(row.type) && row.n > 1)
        duplicates.push(`intake's trail of ${row.case_id} has ${row.type} ${row.n} times`);
    }

    // Timers: no breach or escalation raised twice; none missing for a summons left unattended.
    if (system.services.includes('sla-timer')) {
      const breaches = distinctIds(ofType('ArrivalDeadlineBreached'), (e) => e.payload.summonsId as string);
      const escalations = distinctIds(
        ofType('EscalationRaised'),
        (e) => `${String(e.payload.summonsId)}#${String(e.payload.level)}`,
      );
      const warnings = distinctIds(ofType('ArrivalWarningIssued'), (e) => e.payload.summonsId as string);
      for (const [summonsId, ids] of warnings)
        if (ids.size > 1) duplicates.push(`arrival warning of summons ${summonsId} issued ${ids.size} times`);
      checked.warnings = await checkWarningsIssued(db, schema('sla-timer'), caseIds, warnings, lost);
      const ours = new Set(cases.flatMap((c) => c.summons.map((s) => s.id)));
      checked.breaches = [...breaches.keys()].filter((id) => ours.has(id)).length;
      checked.escalations = [...escalations.keys()].filter((k) => ours.has(k.split('#')[0])).length;
      for (const [summonsId, ids] of breaches)
        if (ids.size > 1) duplicates.push(`breach of summons ${summonsId} raised ${ids.size} times`);
      for (const [key, ids] of escalations)
        if (ids.size > 1) duplicates.push(`escalation ${key} raised ${ids.size} times`);
      const slaRows = await db.query(
        `SELECT summons_id, deadline, arrived_at, extract(epoch FROM now() - deadline)::float AS past
           FROM ${schema('sla-timer')}.summons_sla WHERE case_id = ANY($1::uuid[])`,
        [caseIds],
      );
      const dbEscalations = await db.query(
        `SELECT summons_id, level, count(*)::int AS n FROM ${schema('sla-timer')}.escalations
          WHERE case_id = ANY($1::uuid[]) GROUP BY summons_id, level`,
        [caseIds],
      );
      for (const row of dbEscalations.rows)
        if (row.n > 1)
          duplicates.push(`sla-timer stored escalation ${row.summons_id}#${row.level} ${row.n} times`);
      for (const c of cases) {
        for (const s of c.summons) {
          const sla = slaRows.rows.find((r) => r.summons_id === s.id);
          if (!sla) {
            lost.push(`sla-timer never learnt of summons ${s.id}`);
            continue;
          }
          if (!s.skip) continue;
          // Left without an arrival: breached at the deadline, then each level of the ladder.
          const grace = 5;
          if (sla.past > grace && !breaches.has(s.id))
            lost.push(`summons ${s.id} past its deadline, no breach`);
          for (let level = 1; level <= ctx.escalationLevels; level += 1) {
            if (
              sla.past > (level - 1) * ctx.escalationSeconds + grace &&
              !escalations.has(`${s.id}#${level}`)
            )
              lost.push(`summons ${s.id}: escalation level ${level} due, never raised`);
          }
        }
      }
    }
    if (system.services.includes('ops-console')) {
      await opsConsoleAgrees(db, schema, cases, lost).catch((error: unknown) =>
        lost.push(`ops-console read model could not be read: ${String(error).slice(0, 200)}`),
      );
    }
  });

  // The DLQ holds exactly the poison messages, each with its error, once per consumer group.
  const dlq = records.filter((r) => r.topic.endsWith('.dlq'));
  checked.deadLetters = dlq.length;
  // Per poison message and group: how often it is in the DLQ (over the whole run), and how often it may be.
  const seen = new Map<string, { n: number; allowed: number }>();
  for (const r of dlq) {
    const where = `${r.topic}/${r.partition}/${r.offset}`;
    const reported = ctx.reportedDeadLetters.has(where);
    ctx.reportedDeadLetters.add(where);
    const original = r.topic.slice(0, -'.dlq'.length);
    const ofTopic = (p: { topic: string; value: string }) =>
      system.topic(p.topic) === original && p.value === r.value;
    if (ctx.planted.some(ofTopic)) continue; // its replay is checked by the scenario that planted it
    const poison = ctx.poison.find(ofTopic);
    if (poison) {
      const key = `${original}|${r.headers['dlq-consumer-group']}|${r.value}`;
      const count = seen.get(key) ?? { n: 0, allowed: 1 + (poison.replays ?? 0) };
      seen.set(key, { ...count, n: count.n + 1 });
    }
    if (reported) continue;
    if (!poison) {
      // A valid event in a DLQ: lost, unless the group handled another delivery of it (its inbox
      // has the id), which makes it a DLQ entry that should not be there.
      const group = r.headers['dlq-consumer-group'] ?? '';
      const what = `${r.value.slice(0, 100)} (${r.headers['dlq-error-code']}: ${(r.headers['dlq-error-message'] ?? '').slice(0, 80)})`;
      const handled = await handledBy(ctx, group, r.value);
      if (handled)
        other.push(`valid event dead-lettered by ${group} though another delivery was handled: ${what}`);
      else lost.push(`valid event dead-lettered by ${group}, never handled: ${what}`);
      continue;
    }
    if (!r.headers['dlq-error-code'] || !r.headers['dlq-error-message'])
      lost.push(`dead letter of ${poison.why} on ${poison.topic} carries no error`);
  }
  for (const [key, { n, allowed }] of seen)
    if (n > allowed) duplicates.push(`dead-lettered ${n} times (${allowed} expected): ${key.slice(0, 160)}`);
  for (const p of ctx.poison) {
    if (!dlq.some((r) => r.topic === `${system.topic(p.topic)}.dlq` && r.value === p.value))
      lost.push(`${p.why} on ${p.topic} never reached its DLQ`);
  }
  // Event-level checks read whole topics: a duplicate found by an earlier scenario is its finding.
  const newDuplicates = duplicates.filter((d) => !ctx.reportedDeadLetters.has(`duplicate:${d}`));
  for (const d of newDuplicates) ctx.reportedDeadLetters.add(`duplicate:${d}`);
  return { lost, duplicates: newDuplicates, other, checked };
}

/** Whether the consumer group's service recorded the event in its inbox (handled it once). */
async function handledBy(ctx: ReconcileContext, group: string, value: string): Promise<boolean> {
  const service = ctx.system.consumers().find((s) => `${ctx.system.topicPrefix}${s}` === group);
  let eventId: unknown;
  try {
    eventId = (JSON.parse(value) as { id?: unknown }).id;
  } catch {
    return false;
  }
  if (!service || typeof eventId !== 'string') return false;
  return withDb(ctx.databaseUrl, async (db) => {
    const { rowCount } = await db.query(
      `SELECT 1 FROM "${ctx.system.schemaOf(service)}".inbox WHERE consumer = $1 AND event_id::text = $2`,
      [group, eventId],
    );
    return (rowCount ?? 0) > 0;
  });
}

/**
 * The ops-console read model agrees with the owning services: every case, whistle and summons the
 * load was answered for is there, each arrival, and the same breaches and escalations as sla-timer.
 */
async function opsConsoleAgrees(
  db: Client,
  schema: (s: ServiceName) => string,
  cases: CaseRun[],
  lost: string[],
): Promise<void> {
  const caseIds = cases.flatMap((c) => (c.caseId ? [c.caseId] : []));
  const ops = schema('ops-console');
  const files = await db.query(`SELECT case_id FROM ${ops}.case_files WHERE case_id = ANY($1::uuid[])`, [
    caseIds,
  ]);
  const known = new Set(files.rows.map((r) => r.case_id as string));
  for (const id of caseIds) if (!known.has(id)) lost.push(`ops-console has no case file for ${id}`);
  const summons = await db.query(
    `SELECT summons_id, acknowledged_at, arrived_at FROM ${ops}.summons WHERE case_id = ANY($1::uuid[])`,
    [caseIds],
  );
  const bySummons = new Map(summons.rows.map((r) => [r.summons_id as string, r]));
  for (const c of cases)
    for (const s of c.summons) {
      const row = bySummons.get(s.id);
      if (!row) lost.push(`ops-console has no summons ${s.id}`);
      else if (s.arrived && !row.arrived_at) lost.push(`ops-console misses the arrival of summons ${s.id}`);
      else if (s.acknowledged && !row.acknowledged_at)
        lost.push(`ops-console misses the acknowledgement of summons ${s.id}`);
    }
  const compare = async (what: string, opsSql: string, ownerSql: string) => {
    const [mine, owner] = await Promise.all([db.query(opsSql, [caseIds]), db.query(ownerSql, [caseIds])]);
    if (mine.rows[0].n !== owner.rows[0].n)
      lost.push(`ops-console has ${mine.rows[0].n} ${what}, sla-timer ${owner.rows[0].n}`);
  };
  const sla = schema('sla-timer');
  await compare(
    'breaches',
    `SELECT count(*)::int AS n FROM ${ops}.breaches WHERE case_id = ANY($1::uuid[])`,
    `SELECT count(*)::int AS n FROM ${sla}.breaches WHERE case_id = ANY($1::uuid[])`,
  );
  await compare(
    'escalations',
    `SELECT count(*)::int AS n FROM ${ops}.escalations WHERE case_id = ANY($1::uuid[])`,
    `SELECT count(*)::int AS n FROM ${sla}.escalations WHERE case_id = ANY($1::uuid[])`,
  );
}
