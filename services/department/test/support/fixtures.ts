/**
 * What department's integration suites share: the service booted the same way, the events dispatch
 * would publish to it (WhistleBlown and its like), sending them, and reading back what it stored.
 * Each suite keeps what is its own (which departments, how its cases are numbered) and passes it in.
 */
import {
  CaseRegistered,
  WhistleBlown,
  createEvent,
  type Actor,
  type EventDefinition,
  type EventOf,
  type PayloadOf,
  type SummonedDepartment,
} from '@chuishao/contracts';
import { uuidv7 } from '@chuishao/kernel';
import { TransactionHost } from '@chuishao/persistence';
import {
  startService,
  waitFor,
  type HarnessOptions,
  type RawProducer,
  type RunningService,
} from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { AppModule, DEPARTMENT_DESCRIPTION } from '../../src/app.module';
import { ReceiveSummons } from '../../src/application/receive-summons/receive-summons.use-case';

/** Boots the department service on the run's Kafka and PostgreSQL, so every suite starts it the same way. */
/** No SMS throttle: these suites wait for every notification delivered after texting one liaison often. */
export function startDepartment(options: HarnessOptions = {}): Promise<RunningService> {
  return startService(
    'department',
    (config) => AppModule.forRoot(config, { notifications: { smsLimits: [] } }),
    DEPARTMENT_DESCRIPTION,
    options,
  );
}

/**
 * The department with its delivery worker off, for the suites that drive it by hand
 * (`DeliveryWorker.attemptNext`), so no lane of its own claims first; no SMS throttle.
 */
export function startDepartmentWorkerByHand(): Promise<RunningService> {
  return startService(
    'department',
    (config) => AppModule.forRoot(config, { notifications: { workerEnabled: false, smsLimits: [] } }),
    DEPARTMENT_DESCRIPTION,
  );
}

/** Dispatch's operator: the actor of every event dispatch publishes here. */
export const DISPATCH_OPERATOR: Actor = { role: 'operator', id: 'op-1' };

/** An event as dispatch publishes it on a case (its operator acting, the case as correlation), for department to consume. */
export function fromDispatch<D extends EventDefinition>(
  definition: D,
  event: { caseId: string; occurredAt: string; causationId?: string; payload: PayloadOf<D> },
): EventOf<D> {
  return createEvent(definition, {
    id: uuidv7(),
    occurredAt: event.occurredAt,
    caseId: event.caseId,
    correlationId: event.caseId,
    causationId: event.causationId,
    actor: DISPATCH_OPERATOR,
    payload: event.payload,
  });
}

/** Sends an event to department's `whistles` topic keyed by its case, as dispatch's outbox would. */
export function publishToWhistles(
  raw: RawProducer,
  department: RunningService,
  event: { caseId: string },
): Promise<void> {
  return raw.send(department.topic('whistles'), event.caseId, JSON.stringify(event));
}

/**
 * intake's CaseRegistered for a case at the last center of `path` (district → town → village),
 * sent to department's `cases` topic: how department learns where a case sits, which scopes what
 * operators and supervisors read. Answers once department has stored the path.
 */
export async function registerCase(
  raw: RawProducer,
  department: RunningService,
  onCase: WhistledCase,
  path: readonly string[],
): Promise<void> {
  const event = createEvent(CaseRegistered, {
    id: uuidv7(),
    occurredAt: new Date().toISOString(),
    caseId: onCase.caseId,
    correlationId: onCase.caseId,
    actor: { role: 'clerk', id: 'clerk-1' },
    payload: {
      caseNo: onCase.caseNo,
      center: { id: path.at(-1)!, name: path.at(-1)!, tier: TIERS[path.length - 1]!, path: [...path] },
      channel: 'walk_in',
      disputeType: 'road_traffic',
      summary: 'A road accident at the village gate.',
      headcount: 2,
      urgency: 'urgent',
      parties: [
        { partyId: uuidv7(), role: 'applicant', name: '王某', idNumberMasked: null, phoneMasked: null },
      ],
      registeredAt: new Date().toISOString(),
    },
  });
  await raw.send(department.topic('cases'), onCase.caseId, JSON.stringify(event));
  const database = department.app.get(DataSource);
  await waitFor(`department to learn where case ${onCase.caseNo} sits`, async () => {
    const rows = await database.query('SELECT 1 FROM known_cases WHERE case_id = $1', [onCase.caseId]);
    return rows.length === 1;
  });
}

const TIERS = ['district', 'town', 'village'] as const;

/** The case a whistle is blown on: its id and its number. */
export interface WhistledCase {
  caseId: string;
  caseNo: string;
}

/** A new case numbered `<caseNoPrefix><last six characters of its id>`, for suites that need no particular number. */
export function newCase(caseNoPrefix: string): WhistledCase {
  const caseId = uuidv7();
  return { caseId, caseNo: `${caseNoPrefix}${caseId.slice(-6)}` };
}

/** A department to summon, as a WhistleBlown names it; each whistle gives it a summons id of its own. */
export type DepartmentToSummon = Omit<SummonedDepartment, 'summonsId'>;

/** A WhistleBlown and what a test needs to find its summons again. */
export interface BlownWhistle extends WhistledCase {
  whistleId: string;
  blownAt: string;
  arrivalDeadline: string;
  summons: SummonedDepartment[];
  /** summonsId by departmentId */
  summonsIds: Record<string, string>;
  event: EventOf<typeof WhistleBlown>;
}

/** An urgent road-traffic whistle on `onCase` summoning `departments` within 30 minutes: how summons reach department. */
export function whistleBlown(departments: readonly DepartmentToSummon[], onCase: WhistledCase): BlownWhistle {
  const { caseId, caseNo } = onCase;
  const whistleId = uuidv7();
  const blownAt = new Date().toISOString();
  const arrivalDeadline = new Date(Date.now() + 1800_000).toISOString();
  const summons = departments.map((d) => ({ ...d, summonsId: uuidv7() }));
  const event = fromDispatch(WhistleBlown, {
    caseId,
    occurredAt: blownAt,
    payload: {
      whistleId,
      caseNo,
      centerId: 'anlizha-village',
      disputeType: 'road_traffic',
      urgency: 'urgent',
      reason: null,
      blownAt,
      arrivalDeadline,
      slaSeconds: 1800,
      summons,
    },
  });
  return {
    caseId,
    caseNo,
    whistleId,
    blownAt,
    arrivalDeadline,
    summons,
    summonsIds: Object.fromEntries(summons.map((s) => [s.departmentId, s.summonsId])),
    event,
  };
}

/** Waits until every one of these summons is stored (`notifiedOnly`: and still notified) and notified: whistles are consumed asynchronously. */
export function waitForSummonsStored(
  database: DataSource,
  summonsIds: string[],
  description: string,
  { notifiedOnly }: { notifiedOnly: boolean },
): Promise<unknown> {
  const notified = notifiedOnly ? ` AND status = 'notified'` : '';
  // Also until their notifications are delivered: the delivery worker writes attempts and SMS
  // records on its own, and a suite comparing table sizes must not see it do so mid-test.
  return waitFor(description, async () => {
    const rows = await database.query(
      `SELECT count(*)::int AS n,
              (SELECT count(*)::int FROM notifications WHERE summons_id = ANY($1::uuid[]) AND state = 'pending') AS pending
         FROM summons WHERE id = ANY($1::uuid[])${notified}`,
      [summonsIds],
    );
    return rows[0].n === summonsIds.length && rows[0].pending === 0;
  });
}

/** How many events of `type` about a summons the service committed to its outbox: the only way an event leaves it. */
export async function outboxCount(database: DataSource, type: string, summonsId: string): Promise<number> {
  const rows = await database.query(
    `SELECT count(*)::int AS n FROM outbox WHERE event_type = $1 AND envelope->'payload'->>'summonsId' = $2`,
    [type, summonsId],
  );
  return rows[0].n;
}

/**
 * The service's own tables, so a snapshot can count every row a request could have written —
 * but `rate_limits`, where every request, refused or not, spends its caller's budget by design.
 */
export async function tablesOf(database: DataSource): Promise<string[]> {
  return (
    await database.query(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'rate_limits'
        ORDER BY table_name`,
    )
  ).map((r: { table_name: string }) => r.table_name);
}

/**
 * A whistle's summons of `departmentIds` received in process, as the inbox runs its handler (in
 * the event's transaction), for the suites that drive the delivery worker by hand. Answers the
 * summons' ids, in order.
 */
export async function summonsReceived(
  department: RunningService,
  departmentIds: readonly string[],
  caseNo: string,
): Promise<string[]> {
  const ids = departmentIds.map(() => uuidv7());
  const now = new Date();
  await department.app.get(TransactionHost).run(() =>
    department.app.get(ReceiveSummons).execute({
      caseId: uuidv7(),
      whistleId: uuidv7(),
      caseNo,
      centerId: 'shangqin-town',
      notifiedAt: now,
      occurredAt: now,
      summons: departmentIds.map((departmentId, i) => ({
        summonsId: ids[i]!,
        departmentId,
        arrivalDeadline: new Date(now.getTime() + 1_800_000),
      })),
    }),
  );
  return ids;
}
