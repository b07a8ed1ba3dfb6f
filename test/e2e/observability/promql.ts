import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** PromQL words that look like metric names but are not. */
const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset']);
const SET_OPERATORS = new Set(['and', 'or', 'unless']);
/** Series Prometheus makes itself, not any service's /metrics. */
const SYNTHETIC = new Set([
  'up',
  'scrape_duration_seconds',
  'scrape_samples_scraped',
  'ALERTS',
  'ALERTS_FOR_STATE',
]);
const HISTOGRAM_SUFFIXES = ['_bucket', '_sum', '_count'];

/**
 * The metric names one PromQL expression (or a Grafana `label_values(…)` variable query) reads.
 * Not a full parser: strings, label matchers, ranges, grouping clauses and Grafana variables are
 * removed, then every identifier not called as a function and not a keyword is a metric name.
 */
export function metricNames(expression: string): string[] {
  // label_values(<query>, <label>) reads <query>; label_values(<label>) reads no metric in particular.
  const labelValues = /^\s*label_values\((?:(.*),)?\s*\w+\s*\)\s*$/s.exec(expression);
  let expr = labelValues ? (labelValues[1] ?? '') : expression;
  expr = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\$\{?\w+\}?/g, ' ');
  const names = new Set<string>();
  for (const match of expr.matchAll(/[0-9.]+[a-zA-Z]*|[a-zA-Z_:][\w:]*/g)) {
    const token = match[0];
    if (/^[0-9.]/.test(token) || KEYWORDS.has(token) || SET_OPERATORS.has(token)) continue;
    if (/^\s*\(/.test(expr.slice(match.index + token.length))) continue; // a function or aggregation
    names.add(token);
  }
  return [...names];
}

/** The metric families one /metrics text declares (HELP or TYPE line), with their types. */
export function exportedFamilies(scrape: string): Map<string, string> {
  const families = new Map<string, string>();
  for (const [, kind, name, rest] of scrape.matchAll(/^# (HELP|TYPE) (\S+) ?(.*)$/gm))
    families.set(name, kind === 'TYPE' ? rest.trim() : (families.get(name) ?? 'untyped'));
  return families;
}

/** Whether a name read by a query is exported: as a family, or a histogram's series. */
export function isExported(name: string, families: Map<string, string>): boolean {
  if (SYNTHETIC.has(name) || families.has(name)) return true;
  return HISTOGRAM_SUFFIXES.some((suffix) => {
    const family = name.endsWith(suffix) ? families.get(name.slice(0, -suffix.length)) : undefined;
    return family === 'histogram' || family === 'summary';
  });
}

export interface Query {
  /** Where the query is: `<file> <alert or panel title>`. */
  source: string;
  expr: string;
}

interface Panel {
  title?: string;
  targets?: Array<{ expr?: string }>;
  panels?: Panel[];
}

/** Every PromQL query of the dashboards: panel targets (rows included) and variable queries. */
export function dashboardQueries(dir: string): Query[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .flatMap((file) => {
      const dashboard = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
      const panels = (list: Panel[] = []): Panel[] => list.flatMap((p) => [p, ...panels(p.panels)]);
      const targets = panels(dashboard.panels).flatMap((p) =>
        (p.targets ?? [])
          .filter((t) => t.expr)
          .map((t) => ({ source: `${file} "${p.title}"`, expr: t.expr! })),
      );
      const variables = (dashboard.templating?.list ?? [])
        .filter((v: { type: string }) => v.type === 'query')
        .map((v: { name: string; query: string | { query: string } }) => ({
          source: `${file} $${v.name}`,
          expr: typeof v.query === 'string' ? v.query : v.query.query,
        }));
      return [...targets, ...variables];
    });
}

/** Every alerting and recording rule's expression. */
export function ruleQueries(dir: string): Query[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yml'))
    .flatMap((file) =>
      parse(readFileSync(path.join(dir, file), 'utf8')).groups.flatMap(
        (group: { rules: Array<{ alert?: string; record?: string; expr: string }> }) =>
          group.rules.map((rule) => ({ source: `${file} ${rule.alert ?? rule.record}`, expr: rule.expr })),
      ),
    );
}

/** `<source>: <name>` for every name a query reads that no service exports. */
export function unknownMetrics(queries: Query[], families: Map<string, string>): string[] {
  return queries.flatMap((q) =>
    metricNames(q.expr)
      .filter((name) => !isExported(name, families))
      .map((name) => `${q.source}: ${name}`),
  );
}
