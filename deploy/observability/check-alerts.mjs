#!/usr/bin/env node
// npm run check:alerts — the alert rules as CI checks them:
//   1. promtool check rules: every rules file parses and every expression is valid PromQL;
//   2. promtool test rules: the unit tests of tests/*.test.yml (series that fire each alert, and
//      series that must not);
//   3. every alert has a severity, a summary, a description and a runbook_url whose section exists
//      in docs/runbook.md, and is expected both firing and silent somewhere in the tests;
//   4. the Kubernetes copies (PrometheusRule, dashboard ConfigMaps) match their sources.
// promtool comes from Debian's `prometheus` package; see README "Operations".
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import jsyaml from 'js-yaml';
import { checkRendered } from './render-k8s.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const rulesDir = path.join(here, 'prometheus/rules');
const testsDir = path.join(here, 'prometheus/tests');
const SEVERITIES = ['critical', 'warning'];

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

function promtool(binary, args) {
  const result = spawnSync(binary, args, { cwd: path.join(here, 'prometheus'), stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
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

const binary = findPromtool();
console.log(execFileSync(binary, ['--version'], { encoding: 'utf8' }).split('\n')[0]);
promtool(binary, ['check', 'rules', ...yamlFiles(rulesDir)]);
promtool(binary, ['test', 'rules', ...yamlFiles(testsDir)]);
const { problems, count } = checkRuleShape();
problems.push(...checkRendered());
if (problems.length) {
  console.error(problems.map((p) => `✗ ${p}`).join('\n'));
  process.exit(1);
}
console.log(`✓ ${count} alerts: severity, summary, description, runbook section, firing and silent tests`);
console.log('✓ deploy/k8s/components/observability matches its sources');
