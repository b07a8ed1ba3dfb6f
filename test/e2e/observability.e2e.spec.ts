import { repoRoot } from '@chuishao/testing';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  dashboardQueries,
  exportedFamilies,
  metricNames,
  ruleQueries,
  unknownMetrics,
  type Query,
} from './observability/promql';
import { ALL_SERVICES, startSystem, type RunningSystem } from './system';

const observability = path.join(repoRoot(), 'deploy', 'observability');
const rules = ruleQueries(path.join(observability, 'prometheus', 'rules'));
const dashboards = dashboardQueries(path.join(observability, 'grafana', 'dashboards'));
/** What compose's Prometheus scrapes; the console (not startable here) exports the platform's only. */
const scraped: string[] = parse(
  readFileSync(path.join(observability, 'prometheus', 'prometheus.yml'), 'utf8'),
).scrape_configs.map((c: { job_name: string }) => c.job_name);
const SERVICES = ALL_SERVICES.filter((service) => scraped.includes(service));

/**
 * The dashboards and alert rules read only what the running system exports: every metric name in
 * every PromQL expression of deploy/observability is checked against a scrape of each service's
 * /metrics, the services started as `npm start` runs them. A family declared without samples yet
 * (a counter nothing has incremented) counts; a histogram's _bucket, _sum and _count resolve to it.
 */
describe('observability: the dashboards and alerts name metrics the services export', () => {
  let system: RunningSystem;
  let families: Map<string, string>;

  beforeAll(async () => {
    system = await startSystem({ services: SERVICES });
    const scrapes = await Promise.all(
      SERVICES.map(async (service) => {
        const response = await fetch(`${system.urls[service]}/metrics`);
        expect(response.status).toBe(200);
        return response.text();
      }),
    );
    families = new Map(scrapes.flatMap((scrape) => [...exportedFamilies(scrape)]));
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('Prometheus scrapes every service that has /metrics (all but the stand-in court)', () => {
    expect(SERVICES).toEqual(ALL_SERVICES.filter((service) => service !== 'court-simulator'));
    expect(scraped.filter((job) => !SERVICES.includes(job as never))).toEqual(['ops-console']);
  });

  it('reads queries from every dashboard and rule, each naming at least one metric', () => {
    expect(new Set(dashboards.map((q) => q.source.split(' ')[0]))).toEqual(
      new Set(['chuishao-sla.json', 'chuishao-pipeline.json', 'chuishao-machine.json']),
    );
    expect(rules.length).toBeGreaterThanOrEqual(14);
    const blind = [...rules, ...dashboards].filter((q) => metricNames(q.expr).length === 0);
    expect(blind).toEqual([]);
  });

  it('every metric of every alert rule is exported', () => {
    expect(unknownMetrics(rules, families)).toEqual([]);
  });

  it('every metric of every dashboard panel and variable is exported', () => {
    expect(unknownMetrics(dashboards, families)).toEqual([]);
  });

  it('a misspelled metric, a histogram suffix on a counter, or a missing one is caught', () => {
    const broken: Query[] = [
      { source: 'typo', expr: 'sum by (center) (increase(chuishao_breachs_total[30m])) >= 3' },
      { source: 'suffix', expr: 'rate(chuishao_breaches_total_bucket[5m])' },
      {
        source: 'fine',
        expr: 'histogram_quantile(0.9, sum by (le) (rate(chuishao_arrival_seconds_bucket[1h])))',
      },
      { source: 'variable', expr: 'label_values(chuishao_arrivalz_total{center=~"$center"}, department)' },
    ];
    expect(unknownMetrics(broken, families)).toEqual([
      'typo: chuishao_breachs_total',
      'suffix: chuishao_breaches_total_bucket',
      'variable: chuishao_arrivalz_total',
    ]);
    const misspelledDashboard = dashboards.map((q) => ({
      ...q,
      expr: q.expr.replace('chuishao_consumer_lag', 'chuishao_consumer_lags'),
    }));
    expect(unknownMetrics(misspelledDashboard, families)).toEqual([
      'chuishao-pipeline.json "Consumer lag per service and topic": chuishao_consumer_lags',
    ]);
  });
});
