import type { FaultInfra } from './infra';
import { Load, type CaseRun, type LoadTargets } from './load';
import {
  drained,
  reconcile,
  type Findings,
  type PlantedDeadLetter,
  type PoisonMessage,
  type ReconcileContext,
} from './reconcile';
import type { FaultSystem } from './system';
import { waitUntil } from './system';

export interface ScenarioRow {
  name: string;
  sent: number;
  accepted: number;
  refused: number;
  lost: number;
  duplicates: number;
  recoverySeconds: number;
  /** Wall time of the whole scenario (load, fault, recovery, reconciliation); set by the runner. */
  seconds?: number;
  /** What went wrong, in words (empty when the scenario passed). */
  problems: string[];
}

export interface SuiteContext {
  infra: FaultInfra;
  system: FaultSystem;
  poison: PoisonMessage[];
  planted: PlantedDeadLetter[];
  reportedDeadLetters: Set<string>;
  sla: { arrivalSeconds: number; escalationSeconds: number; escalationLevels: number };
  log: (line: string) => void;
}

export function reconcileContext(ctx: SuiteContext): ReconcileContext {
  return {
    system: ctx.system,
    brokers: ctx.infra.brokers,
    databaseUrl: ctx.infra.databaseUrl,
    poison: ctx.poison,
    planted: ctx.planted,
    reportedDeadLetters: ctx.reportedDeadLetters,
    escalationSeconds: ctx.sla.escalationSeconds,
    escalationLevels: ctx.sla.escalationLevels,
  };
}

export interface FaultWindow {
  /** When the fault began and when the system was whole again (the part restarted). */
  from: number;
  to: number;
  /** Extra checks on what the load saw during the fault. */
  problems?: string[];
}

const LOAD = { concurrency: 6, caseIntervalMs: 350, maxCases: 60 };

/**
 * The shape every scenario shares: a steady load, the fault while it runs, then recovery measured
 * from the end of the fault until every step of the load is done, every outbox is empty and every
 * consumer group has caught up, then the reconciliation.
 */
export async function underLoad(
  ctx: SuiteContext,
  name: string,
  fault: (load: Load) => Promise<FaultWindow>,
  options: { recoveryTimeoutMs?: number; targets?: LoadTargets } = {},
): Promise<ScenarioRow> {
  const load = new Load(name.replace(/[^a-z0-9]+/gi, '-'), options.targets ?? ctx.system.urls, LOAD);
  const problems: string[] = [];
  const started = Date.now();
  load.start();
  let window: FaultWindow | undefined;
  let recoverySeconds = -1;
  try {
    // Warm up: some cases already whistled and being answered when the fault hits ("mid-batch").
    await waitUntil(
      'the load to have whistled cases',
      async () => load.cases.filter((c) => c.whistleId).length >= 3,
      90_000,
    );
    window = await fault(load);
    problems.push(...(window.problems ?? []));
    // Keep the load going a little after the fault, then let it finish what it started.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    load.stopCreating();
    const rc = reconcileContext(ctx);
    let lastDrain: string | true = 'not checked';
    let lastReport = Date.now();
    await waitUntil(
      'the load to settle and the system to drain',
      async () => {
        if (Date.now() - lastReport > 15_000) {
          // A slow recovery says what it is waiting for, so a reader of the CI log knows which part lags.
          lastReport = Date.now();
          const waiting = load.settled()
            ? String(lastDrain)
            : `${load.pending().length} cases with steps to do`;
          ctx.log(`  recovering for ${((Date.now() - window!.to) / 1000).toFixed(0)} s: ${waiting}`);
        }
        if (!load.settled()) return false;
        lastDrain = await drained(rc);
        return lastDrain === true;
      },
      options.recoveryTimeoutMs ?? 180_000,
      500,
    ).catch((error: unknown) => {
      problems.push(
        `did not recover: ${String(error).slice(0, 300)}; ${load.pending().length} cases pending; ${String(lastDrain)}`,
      );
    });
    recoverySeconds = Math.max(0, (Date.now() - window.to) / 1000);
    // Wait out the SLA ladder of the last unattended summons, so every timer due has come due.
    const horizonMs =
      (ctx.sla.arrivalSeconds + ctx.sla.escalationSeconds * ctx.sla.escalationLevels + 6) * 1000;
    const lastWhistle = Math.max(
      ...load.recorder.exchanges.filter((e) => e.op === 'blow whistle').map((e) => e.at),
    );
    const until = lastWhistle + horizonMs;
    if (until > Date.now()) await new Promise((resolve) => setTimeout(resolve, until - Date.now()));
    await waitUntil(
      'due timers to fire and drain',
      async () => (await drained(rc)) === true,
      60_000,
      500,
    ).catch((error: unknown) => problems.push(String(error).slice(0, 300)));
  } finally {
    await load.stop();
  }
  const findings = await reconcileSettled(ctx, load.cases);
  const c = findings.checked;
  ctx.log(
    `  reconciled ${c.cases} cases, ${c.summons} summons, ${c.arrivals} arrivals, ${c.warnings} warnings, ${c.breaches} breaches, ${c.escalations} escalations; ${c.deadLetters} dead letters in the run`,
  );
  const serverErrors = load.recorder.serverErrors();
  if (serverErrors.length > 0) {
    problems.push(
      `${serverErrors.length} answers were 5xx other than 503, e.g. ${serverErrors[0].op} → ${serverErrors[0].status} ${JSON.stringify(serverErrors[0].body).slice(0, 200)}`,
    );
    for (const logged of ctx.system.serverErrorsLogged(started))
      ctx.log(
        `  ${logged.service} logged at ${logged.time}: ${logged.method} ${logged.path}\n    ${logged.error.replace(/\n/g, '\n    ')}`,
      );
  }
  const crashed = ctx.system.crashed();
  if (crashed.length > 0) problems.push(`crashed on their own: ${crashed.join(', ')}`);
  problems.push(...findings.lost.slice(0, 10).map((l) => `lost: ${l}`));
  problems.push(...findings.duplicates.slice(0, 10).map((d) => `duplicate: ${d}`));
  problems.push(...findings.other.slice(0, 10));
  return {
    name,
    sent: load.recorder.sent,
    accepted: load.recorder.accepted,
    refused: load.recorder.refused,
    lost: findings.lost.length,
    duplicates: findings.duplicates.length,
    recoverySeconds: Math.round(recoverySeconds * 10) / 10,
    problems,
  };
}

/**
 * The reconciliation, with a second look when the first finds something missing. The first look
 * runs the moment the system drained, and a timer that comes due just then (an escalation sla-timer
 * stores a moment before ops-console projects it) reads as missing. Lost means still missing after
 * the system drained once more: the second look's findings count, from the same starting point
 * (the dead letters the first look marked as reported are unmarked), and the first look's are
 * printed, so a late effect is visible and a real loss still fails.
 */
export async function reconcileSettled(ctx: SuiteContext, cases: CaseRun[]): Promise<Findings> {
  const rc = reconcileContext(ctx);
  const reportedBefore = new Set(ctx.reportedDeadLetters);
  const first = await reconcile(rc, cases);
  if (first.lost.length === 0) return first;
  for (const l of first.lost.slice(0, 10)) ctx.log(`  missing on the first look: ${l}`);
  await waitUntil('the system to drain again', async () => (await drained(rc)) === true, 30_000, 500).catch(
    () => undefined,
  );
  ctx.reportedDeadLetters.clear();
  for (const key of reportedBefore) ctx.reportedDeadLetters.add(key);
  const second = await reconcile(rc, cases);
  ctx.log(`  second look: ${second.lost.length} of ${first.lost.length} still missing`);
  return second;
}
