import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CLUSTER_SCENARIOS, onTheCluster } from './cluster-scenarios';
import { courtOutage } from './court-outage';
import { dlqReplay } from './dlq-replay';
import { bringUpFaultInfra, stopFaultPostgres, type KafkaShape } from './infra';
import { formatTable, resultsDocument } from './report';
import { rollingDeploy } from './rolling-deploy';
import type { ScenarioRow, SuiteContext } from './scenario';
import {
  brokerKill,
  idempotencyRace,
  poisonMessages,
  postgresRestart,
  rebalance,
  serviceKill,
  type Scenario,
} from './scenarios';
import { FaultSystem, ROOT, SERVICE_NAMES } from './system';

/**
 * npm run test:faults — the fault-injection suite (issues 9 and 17). Two phases: the first on a
 * single broker, the second on a three-broker cluster (replication factor 3, min.insync.replicas 2).
 * Each phase runs one system (every built service as a process, with its own topic prefix) and its
 * scenarios one after another, each under load and each followed by a reconciliation. Exit code 1
 * when any scenario lost or doubled anything.
 *
 * FAULTS_SCENARIOS=broker,intake runs only the scenarios whose name contains one of the words; a
 * phase none of whose scenarios is chosen does not start.
 */
const SLA = { arrivalSeconds: 6, warningSeconds: 3, escalationSeconds: 2, escalationLevels: 2 };

interface Phase {
  title: string;
  kafka: KafkaShape;
  scenarios: (system: FaultSystem) => readonly Scenario[];
}

/** The rolling deploy runs an old sla-timer and an old department beside the new ones. */
function canDeploy(system: FaultSystem): boolean {
  return system.services.includes('department') && system.services.includes('sla-timer');
}

const PHASES: readonly Phase[] = [
  {
    title: 'one broker',
    kafka: { brokers: 1 },
    scenarios: (system) => {
      const killable = SERVICE_NAMES.filter((s) => system.services.includes(s) && s !== 'court-simulator');
      const court = system.services.includes('court-simulator') && system.services.includes('mediation');
      return [
        brokerKill,
        ...killable.map(serviceKill),
        idempotencyRace,
        poisonMessages,
        dlqReplay,
        postgresRestart,
        ...(court ? [courtOutage] : []),
        rebalance,
        ...(canDeploy(system) ? [rollingDeploy] : []),
      ];
    },
  },
  {
    title: 'three-broker cluster',
    kafka: { brokers: 3 },
    scenarios: (system) => [
      ...CLUSTER_SCENARIOS,
      onTheCluster(poisonMessages),
      onTheCluster(dlqReplay),
      ...(canDeploy(system) ? [onTheCluster(rollingDeploy)] : []),
    ],
  },
];

/** The phase's scenario names as if every service were built (known before its system starts). */
function namesOf(phase: Phase): string[] {
  const everything = { services: [...SERVICE_NAMES] } as unknown as FaultSystem;
  return phase.scenarios(everything).map((s) => s.name);
}

/** FAULTS_SCENARIOS: comma-separated words; a scenario runs when its name contains one. */
function chosen(name: string): boolean {
  const only = process.env.FAULTS_SCENARIOS?.split(',')
    .map((w) => w.trim())
    .filter(Boolean);
  return !only || only.some((w) => name.includes(w));
}

function systemFor(brokers: string, databaseUrl: string, log: (line: string) => void): FaultSystem {
  return new FaultSystem({
    brokers,
    databaseUrl,
    logDir: path.join(ROOT, 'faults', 'results', 'logs'),
    log,
    env: {
      SLA_ARRIVAL_SECONDS: String(SLA.arrivalSeconds),
      SLA_WARNING_SECONDS: String(SLA.warningSeconds),
      SLA_ESCALATION_SECONDS: String(SLA.escalationSeconds),
      SLA_ESCALATION_LEVELS: String(SLA.escalationLevels),
      // The load is one clerk, one operator and a liaison per department: far above a person's pace.
      RATE_LIMIT_PER_MINUTE: '100000',
      RATE_LIMIT_READS_PER_MINUTE: '1000000',
      OUTBOX_POLL_INTERVAL_MS: '100',
      // The court's filing retries back off up to a minute in production; the suite's outage is a
      // minute long, so a shorter ceiling keeps the measured recovery about the system, not the wait.
      COURT_RETRY_MAX_MS: '5000',
    },
  });
}

async function runScenario(scenario: Scenario, ctx: SuiteContext): Promise<ScenarioRow> {
  ctx.log(`\n▶ ${scenario.name}`);
  const t0 = Date.now();
  let row: ScenarioRow;
  try {
    row = await scenario.run(ctx);
  } catch (error) {
    row = {
      name: scenario.name,
      sent: 0,
      accepted: 0,
      refused: 0,
      lost: 0,
      duplicates: 0,
      recoverySeconds: -1,
      problems: [`the scenario could not run: ${error instanceof Error ? error.stack : String(error)}`],
    };
  }
  row.seconds = Math.round((Date.now() - t0) / 1000);
  ctx.log(formatTable([row]));
  for (const p of row.problems) ctx.log(`  ✗ ${p}`);
  return row;
}

/** One phase: its Kafka, a fresh system on it, the chosen scenarios; Kafka stops at the end. */
async function runPhase(
  phase: Phase,
  log: (line: string) => void,
  rows: ScenarioRow[],
  skipped: string[],
): Promise<void> {
  const t0 = Date.now();
  log(`\n═══ phase: ${phase.title} ═══`);
  const infra = await bringUpFaultInfra((line) => process.stderr.write(`${line}\n`), phase.kafka);
  const system = systemFor(infra.brokers, infra.databaseUrl, log);
  try {
    log(`starting the system (prefix ${system.topicPrefix}, brokers ${infra.brokers})`);
    await system.start();
    for (const s of system.skipped) {
      const line = `${s.service}: skipped (${s.why})`;
      if (!skipped.includes(line)) skipped.push(line);
      log(`  ${line}`);
    }
    log(`  running: ${system.services.join(', ')} (up in ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    const ctx: SuiteContext = {
      infra,
      system,
      poison: [],
      planted: [],
      reportedDeadLetters: new Set(),
      sla: SLA,
      log,
    };
    for (const scenario of phase.scenarios(system).filter((s) => chosen(s.name))) {
      rows.push(await runScenario(scenario, ctx));
    }
  } finally {
    await system.stop();
    await infra.stopKafka();
  }
  log(`  (phase "${phase.title}": ${((Date.now() - t0) / 60000).toFixed(1)} min)`);
}

async function main(): Promise<number> {
  const started = Date.now();
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const resultsDir = path.join(ROOT, 'faults', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const rows: ScenarioRow[] = [];
  const skipped: string[] = [];
  try {
    for (const phase of PHASES.filter((p) => namesOf(p).some(chosen))) {
      await runPhase(phase, log, rows, skipped);
    }
  } finally {
    await stopFaultPostgres((line) => process.stderr.write(`${line}\n`));
    writeFileSync(
      path.join(resultsDir, 'latest.json'),
      `${JSON.stringify(resultsDocument(rows, skipped), null, 2)}\n`,
    );
  }
  log(`\n${formatTable(rows)}`);
  for (const line of skipped) log(`(${line})`);
  log(`\nfaults/results/latest.json written; ${((Date.now() - started) / 60000).toFixed(1)} min`);
  const failed = rows.filter((r) => r.problems.length > 0 || r.lost > 0 || r.duplicates > 0);
  if (failed.length > 0) log(`${failed.length} scenario(s) FAILED: ${failed.map((r) => r.name).join('; ')}`);
  // Repeated last: a CI log is often read from its tail, far below where each scenario printed them.
  for (const row of failed) for (const p of row.problems) log(`  ✗ ${row.name}: ${p}`);
  return failed.length === 0 && rows.length > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
