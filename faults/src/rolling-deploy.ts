import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import type { Load, LoadTargets } from './load';
import { LOGICAL_TOPICS } from './reconcile';
import { underLoad, type SuiteContext } from './scenario';
import type { Scenario } from './scenarios';
import { waitUntil, type ExtraInstance } from './system';
import { readTopics } from './topics';

/**
 * An instance on the release before DepartmentArrived v2: libs/contracts' registry knows the
 * type only up to v1 (release-emulation.ts), so it holds the partition on a v2 and writes v1.
 */
const OLD_RELEASE = { CHUISHAO_CONTRACTS_KNOWN_UP_TO: 'DepartmentArrived=1' };
/** The transport's alert (log) when it meets a version newer than its code knows. */
const HOLD_LOG = 'event of a newer version than this code knows';
const HOLD_METRIC =
  /^chuishao_events_consumed_total\{[^}]*type="DepartmentArrived"[^}]*outcome="held"[^}]*\} (\d+)/m;

const NAME = 'rolling deploy: an old sla-timer holds the DepartmentArrived v2 a new department emits';

/**
 * The load's targets: while `old` is set, department requests alternate between the old
 * instance and the new one (a load balancer in front of both during the deploy).
 */
class DepartmentBalancer implements LoadTargets {
  private turn = 0;
  private old: string | undefined;

  constructor(private readonly urls: LoadTargets) {}

  get intake(): string {
    return this.urls.intake;
  }

  get dispatch(): string {
    return this.urls.dispatch;
  }

  get department(): string {
    this.turn += 1;
    return this.old && this.turn % 2 === 0 ? this.old : this.urls.department;
  }

  route(old: string | undefined): void {
    this.old = old;
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Arrivals the old department is to write before the deploy completes. */
const OLD_ARRIVALS = 3;

/** DepartmentArrived written at v1 (by an old department: the new one writes v2), from the shared outbox. */
async function arrivalsAtV1(ctx: SuiteContext): Promise<number> {
  const db = new Client({ connectionString: ctx.infra.databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM "${ctx.system.schemaOf('department')}".outbox
        WHERE event_type = 'DepartmentArrived' AND envelope->>'version' = '1'`,
    );
    return rows[0].n as number;
  } finally {
    await db.end();
  }
}

/** How many DepartmentArrived the old sla-timer instance held (its metric), read before it stops. */
async function heldCount(instance: ExtraInstance): Promise<number> {
  const text = await (await fetch(`${instance.url}/metrics`)).text();
  return Number(HOLD_METRIC.exec(text)?.[1] ?? 0);
}

/**
 * A rolling deploy of sla-timer and department under the load, mid-way: beside the system's
 * instances (the new release: department writes DepartmentArrived v2) an old sla-timer and an
 * old department join their groups (the old release: knows DepartmentArrived only up to v1).
 * The old department writes v1 (every consumer upcasts it); the old sla-timer holds every
 * partition a v2 reaches, with its alert, until the deploy completes: both old instances are
 * stopped (SIGTERM, as a deploy does), the partitions move to the new sla-timer and drain.
 */
export const rollingDeploy: Scenario = {
  name: NAME,
  run: async (ctx) => {
    const targets = new DepartmentBalancer(ctx.system.urls);
    let load: Load | undefined;
    const row = await underLoad(
      ctx,
      NAME,
      async (running) => {
        load = running;
        const from = Date.now();
        const problems: string[] = [];
        const oldTimer = await ctx.system.addInstance('sla-timer', OLD_RELEASE);
        const oldDepartment = await ctx.system.addInstance('department', OLD_RELEASE);
        targets.route(oldDepartment.url);
        ctx.log(`  old sla-timer at ${oldTimer.url}, old department at ${oldDepartment.url}; load split`);
        let held = 0;
        try {
          await waitUntil(
            'the old sla-timer to hold a partition on a DepartmentArrived v2',
            async () => readFileSync(oldTimer.logFile, 'utf8').includes(HOLD_LOG),
            90_000,
            500,
          ).catch((error: unknown) =>
            problems.push(`the hold was not visible: ${String(error).slice(0, 300)}`),
          );
          // Both releases write arrivals for a while; the events behind the hold wait meanwhile.
          await waitUntil(
            `the old department to write ${OLD_ARRIVALS} DepartmentArrived v1`,
            async () => {
              if ((await arrivalsAtV1(ctx)) >= OLD_ARRIVALS) return true;
              // Two services starting on two cores can take longer than the load has cases left
              // (a CI run saw the old department answer twice, then no more requests): a few
              // more cases keep department requests coming to both instances until it has.
              if (running.pending().length < 2) await running.registerNow(2);
              return false;
            },
            60_000,
            500,
          ).catch((error: unknown) => problems.push(String(error).slice(0, 300)));
          await pause(2000);
          held = await heldCount(oldTimer);
        } finally {
          // The deploy completes: no more requests to the old department, then both old stop.
          targets.route(undefined);
          await pause(500);
          await ctx.system.stopExtraInstance('department');
          await ctx.system.stopExtraInstance('sla-timer');
        }
        if (held === 0) problems.push('the old sla-timer counted no held DepartmentArrived (metric)');
        ctx.log(`  deploy complete: the old sla-timer held ${held} time(s); old instances stopped`);
        return { from, to: Date.now(), problems };
      },
      { targets },
    );
    if (load) {
      const after = await afterDeploy(ctx, load);
      row.lost += after.lost.length;
      row.problems.push(...after.lost.map((l) => `lost: ${l}`), ...after.problems);
    }
    return row;
  },
};

/**
 * What the deploy must have left: both versions written (the old department's v1, the new
 * one's v2), every arrival recorded by sla-timer (the held ones by the new instance), and no
 * DepartmentArrived in any dead-letter topic.
 */
async function afterDeploy(ctx: SuiteContext, load: Load): Promise<{ lost: string[]; problems: string[] }> {
  const problems: string[] = [];
  const lost: string[] = [];
  const arrived = new Set(load.cases.flatMap((c) => c.summons.filter((s) => s.arrived).map((s) => s.id)));
  const records = await readTopics(ctx.infra.brokers, [
    ctx.system.topic('department-responses'),
    ...LOGICAL_TOPICS.map((t) => `${ctx.system.topic(t)}.dlq`),
  ]);
  // The suite's own DLQ entries (the poison, and the replay scenario's planted copies) are not the deploy's.
  const ours = new Set([...ctx.poison, ...ctx.planted].map((p) => p.value));
  const versions = new Map<number, number>();
  for (const r of records) {
    if (ours.has(r.value)) continue;
    let event: { type?: string; version?: number; payload?: { summonsId?: string } };
    try {
      event = JSON.parse(r.value) as typeof event;
    } catch {
      continue;
    }
    if (event.type !== 'DepartmentArrived') continue;
    if (r.topic.endsWith('.dlq')) {
      problems.push(
        `a DepartmentArrived v${event.version} was dead-lettered (${r.headers['dlq-error-code']})`,
      );
      continue;
    }
    if (arrived.has(event.payload?.summonsId ?? ''))
      versions.set(event.version ?? 0, (versions.get(event.version ?? 0) ?? 0) + 1);
  }
  ctx.log(`  this load's arrivals on the topic by version: ${JSON.stringify(Object.fromEntries(versions))}`);
  if (!versions.get(1)) problems.push('the old department wrote no DepartmentArrived v1');
  if (!versions.get(2)) problems.push('the new department wrote no DepartmentArrived v2');
  const db = new Client({ connectionString: ctx.infra.databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query(
      `SELECT summons_id FROM "${ctx.system.schemaOf('sla-timer')}".summons_sla
        WHERE summons_id = ANY($1::uuid[]) AND arrived_at IS NOT NULL`,
      [[...arrived]],
    );
    const missing = arrived.size - rows.length;
    if (missing > 0) lost.push(`sla-timer never recorded ${missing} of ${arrived.size} arrivals`);
  } finally {
    await db.end();
  }
  return { lost, problems };
}
