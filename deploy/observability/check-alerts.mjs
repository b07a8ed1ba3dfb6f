#!/usr/bin/env node
// npm run check:alerts — the alert rules as CI checks them:
//   1. promtool check rules: every rules file parses and every expression is valid PromQL;
//   2. promtool test rules: the unit tests of tests/*.test.yml (series that fire each alert, and
//      series that must not);
//   3. every alert has a severity, a summary, a description and a runbook_url whose section exists
//      in docs/runbook.md, and is expected both firing and silent somewhere in the tests;
//   4. every dashboard query is valid PromQL (checked by promtool as a recording rule, Grafana's
//      variables replaced by sample values);
//   5. the Kubernetes copies (PrometheusRule, dashboard ConfigMaps) match their sources.
// promtool comes from Debian's `prometheus` package; see README "Operations".
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import jsyaml from 'js-yaml';
import { checkRendered } from './render-k8s.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const rulesDir = path.join(here, 'prometheus/rules');
const testsDir = path.join(here, 'prometheus/tests');
const SEVERITIES = ['critical', 'warning'];
const GRAFANA_VARIABLES = { __rate_interval: '1m', __range: '6h', __interval: '15s' };

function findPromtool() {
  const candidates = [
    process.env.PROMTOOL,
    path.join(root, '.cache/prometheus/usr/bin/promtool'),
    ...(process.env.PATH ?? '').split(path.delimiter).map((dir) => path.join(dir, 'promtool')),
  ].filter(Boolean);
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found) return found;
  console.error(`promtool not found (looked at $PROMTOOL, .cache/prometheus/usr/bin/promtool and PATH).
Install it from Debian's prometheus package without starting a Prometheus server:
  apt-get update && (cd /tmp && apt-get download prometheus) && dpkg -x /tmp/prometheus_*.deb .cache/prometheus`);
  process.exit(2);
}

/** Runs promtool; true when it passed (its own output says why not). */
function promtool(binary, args) {
  return spawnSync(binary, args, { cwd: path.join(here, 'prometheus'), stdio: 'inherit' }).status === 0;
}

const yamlFiles = (dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.yml'))
    .sort()
    .map((f) => path.join(dir, f));

/** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens. */
function runbookAnchors() {
  const text = readFileSync(path.join(root, 'docs/runbook.md'), 'utf8');
  return new Set(
    [...text.matchAll(/^#{2,4} (.+)$/gm)].map((m) =>
      m[1]
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-'),
    ),
  );
}

/** Which alerts the tests expect firing, and which they expect silent at some moment. */
function testedAlerts() {
  const firing = new Set();
  const silent = new Set();
  for (const file of yamlFiles(testsDir))
    for (const test of jsyaml.load(readFileSync(file, 'utf8')).tests ?? [])
      for (const check of test.alert_rule_test ?? [])
        (check.exp_alerts?.length ? firing : silent).add(check.alertname);
  return { firing, silent };
}

function checkRuleShape() {
  const anchors = runbookAnchors();
  const { firing, silent } = testedAlerts();
  const problems = [];
  let count = 0;
  for (const file of yamlFiles(rulesDir))
    for (const group of jsyaml.load(readFileSync(file, 'utf8')).groups)
      for (const rule of group.rules.filter((r) => r.alert)) {
        count++;
        const where = `${path.basename(file)} ${rule.alert}`;
        if (!SEVERITIES.includes(rule.labels?.severity))
          problems.push(`${where}: severity must be one of ${SEVERITIES.join(', ')}`);
        for (const key of ['summary', 'description', 'runbook_url'])
          if (!rule.annotations?.[key]) problems.push(`${where}: annotation ${key} missing`);
        const anchor = /^docs\/runbook\.md#(.+)$/.exec(rule.annotations?.runbook_url ?? '')?.[1];
        if (!anchor || !anchors.has(anchor))
          problems.push(`${where}: runbook_url must be docs/runbook.md#<a section of it>`);
        if (!firing.has(rule.alert)) problems.push(`${where}: no test expects it to fire`);
        if (!silent.has(rule.alert)) problems.push(`${where}: no test expects it to stay silent`);
      }
  return { problems, count };
}

/** The dashboards' queries as recording rules, for promtool to parse (variables given values). */
function dashboardRulesFile() {
  const dir = path.join(here, 'grafana/dashboards');
  const rules = [];
  const collect = (panels = []) => {
    for (const panel of panels) {
      for (const target of panel.targets ?? [])
        if (target.expr)
          rules.push({
            record: `dashboard:query:${rules.length}`,
            expr: target.expr.replace(/\$\{?(\w+)\}?/g, (_, name) => GRAFANA_VARIABLES[name] ?? '.*'),
          });
      collect(panel.panels);
    }
  };
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')))
    collect(JSON.parse(readFileSync(path.join(dir, file), 'utf8')).panels);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'chuishao-dashboards-')), 'dashboards.yml');
  writeFileSync(file, jsyaml.dump({ groups: [{ name: 'dashboard-queries', rules }] }));
  return file;
}

const binary = findPromtool();
console.log(execFileSync(binary, ['--version'], { encoding: 'utf8' }).split('\n')[0]);
if (!promtool(binary, ['check', 'rules', ...yamlFiles(rulesDir)])) process.exit(1);
if (!promtool(binary, ['test', 'rules', ...yamlFiles(testsDir)])) process.exit(1);
const dashboardRules = dashboardRulesFile();
const dashboardsParse = promtool(binary, ['check', 'rules', dashboardRules]);
rmSync(path.dirname(dashboardRules), { recursive: true });
if (!dashboardsParse) process.exit(1);
const { problems, count } = checkRuleShape();
problems.push(...checkRendered());
if (problems.length) {
  console.error(problems.map((p) => `✗ ${p}`).join('\n'));
  process.exit(1);
}
console.log(`✓ ${count} alerts: severity, summary, description, runbook section, firing and silent tests`);
console.log('✓ every dashboard query parses as PromQL');
console.log('✓ deploy/k8s/components/observability matches its sources');
