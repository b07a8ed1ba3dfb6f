import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { courtOutage } from './court-outage';
import { bringUpFaultInfra } from './infra';
import { formatTable, resultsDocument } from './report';
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
 * npm run test:faults — the fault-injection suite (issue 9). One system (every built service as a
 * process, its own broker and PostgreSQL), the scenarios one after another, each under load and
 * each followed by a reconciliation. Exit code 1 when any scenario lost or doubled anything.
 *
 * FAULTS_SCENARIOS=broker,intake runs only the scenarios whose name contains one of the words.
 */
const SLA = { arrivalSeconds: 6, warningSeconds: 3, escalationSeconds: 2, escalationLevels: 2 };

async function main(): Promise<number> {
  const started = Date.now();
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const resultsDir = path.join(ROOT, 'faults', 'results');
  mkdirSync(resultsDir, { recursive: true });

  const infra = await bringUpFaultInfra((line) => process.stderr.write(`${line}\n`));
  const system = new FaultSystem({
    brokers: infra.brokers,
    databaseUrl: infra.databaseUrl,
    logDir: path.join(resultsDir, 'logs'),
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
  const rows: ScenarioRow[] = [];
  const skipped: string[] = [];
  try {
    log(`starting the system (prefix ${system.topicPrefix}, brokers ${infra.brokers})`);
    await system.start();
    for (const s of system.skipped) {
      const line = `${s.service}: skipped (${s.why})`;
      skipped.push(line);
      log(`  ${line}`);
    }
    log(`  running: ${system.services.join(', ')}`);

    const killable = SERVICE_NAMES.filter((s) => system.services.includes(s) && s !== 'court-simulator');
    const all: Scenario[] = [
      brokerKill,
      ...killable.map(serviceKill),
      idempotencyRace,
      poisonMessages,
      postgresRestart,
      ...(system.services.includes('court-simulator') && system.services.includes('mediation')
        ? [courtOutage]
        : []),
      rebalance,
    ];
    const only = process.env.FAULTS_SCENARIOS?.split(',')
      .map((w) => w.trim())
      .filter(Boolean);
    const scenarios = only ? all.filter((s) => only.some((w) => s.name.includes(w))) : all;
    const ctx: SuiteContext = { infra, system, poison: [], reportedDeadLetters: new Set(), sla: SLA, log };
    for (const scenario of scenarios) {
      log(`\n▶ ${scenario.name}`);
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
      rows.push(row);
      log(formatTable([row]));
      for (const p of row.problems) log(`  ✗ ${p}`);
      log(`  (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    }
  } finally {
    await system.stop();
    await infra.down();
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
  return failed.length === 0 && rows.length > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
