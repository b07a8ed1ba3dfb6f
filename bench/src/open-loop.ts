import { bearer, call } from './api';
import type { BenchSystem } from './bench-system';
import type { EventTap } from './event-tap';
import type { CaseStock, Inboxes } from './pipeline';
import { percentile } from './stats';
import type { WebhookReceiver } from './webhook-receiver';

interface WhistleView {
  id: string;
  summons: Array<{ id: string; departmentId: string }>;
}

/** One offered rate: what users would have seen at it. */
export interface OpenLoopRate {
  /** Whistles offered per second, on a fixed schedule whatever the answers. */
  rate: number;
  offered: number;
  completed: number;
  errors: number;
  /** Latencies from each whistle's intended send time (no coordinated omission), ms. */
  visibleMs: Spread;
  /**
   * Intended send time → the last of the whistle's `summons` webhook notifications received by
   * the bench's receiver (webhook-receiver.ts), ms; over the whistles whose every summons was
   * delivered (`webhookMissing` counts the others).
   */
  webhookMs: Spread;
  webhookMissing: number;
  /** The last arrival answered → WhistleCompleted consumed, ms. */
  completionMs: Spread;
  /** p99 visible ≤ 250 ms and nothing failed. */
  held: boolean;
}

export interface Spread {
  p50: number;
  p99: number;
  max: number;
}

export interface OpenLoopResult {
  durationSeconds: number;
  rates: OpenLoopRate[];
  /** Rates not offered because a lower one was already far past its bound. */
  skipped: number[];
  /** The highest offered rate held (p99 visible ≤ 250 ms), or 0. */
  maxRateP99VisibleUnder250Ms: number;
  /** Webhook deliveries whose signature did not check, and repeats of a delivery id (all rates). */
  webhookBadSignatures: number;
  webhookRepeats: number;
  /** False when the webhooks stayed for the later sections (their backlog did not drain). */
  webhooksRemoved?: boolean;
}

const BOUND_MS = 250;
/** A rate whose p99 is this far past the bound says the higher ones cannot be held either. */
const HOPELESS_MS = BOUND_MS * 20;

/**
 * The open loop: whistles offered at fixed rates, each sent at its intended time whether or not
 * the earlier ones have been answered (a closed loop waits, and so under-reports latency when
 * the system falls behind: coordinated omission). Each whistle then runs the same flow as the
 * closed loop's operator: every summons seen on its department's stream, each liaison
 * acknowledges and reports arrival. Each summoned department's webhook points at the bench's
 * receiver, so each rate also says when the liaisons' own systems would have heard.
 */
export async function runOpenLoop(
  system: BenchSystem,
  stock: CaseStock,
  inboxes: Inboxes,
  tap: EventTap,
  webhooks: WebhookReceiver,
  options: { rates: number[]; durationMs: number; log: (line: string) => void },
): Promise<OpenLoopResult> {
  const rates: OpenLoopRate[] = [];
  const skipped: number[] = [];
  for (const rate of options.rates) {
    const last = rates[rates.length - 1];
    if (last && last.visibleMs.p99 > HOPELESS_MS) {
      skipped.push(rate);
      continue;
    }
    const offered = Math.round((rate * options.durationMs) / 1000);
    await stock.fill(offered, 16);
    const run = await offerAt(system, { stock, inboxes, tap, webhooks }, rate, offered);
    options.log(
      `open loop ${rate}/s: ${run.completed}/${run.offered} completed, visible p50 ${run.visibleMs.p50} p99 ${run.visibleMs.p99} max ${run.visibleMs.max} ms; ` +
        `webhook p50 ${run.webhookMs.p50} p99 ${run.webhookMs.p99} max ${run.webhookMs.max} ms (${run.webhookMissing} missing); ` +
        `completion p99 ${run.completionMs.p99} ms; ${run.errors} errors`,
    );
    rates.push(run);
  }
  const held = rates.filter((r) => r.held).map((r) => r.rate);
  return {
    durationSeconds: options.durationMs / 1000,
    rates,
    skipped,
    maxRateP99VisibleUnder250Ms: held.length > 0 ? Math.max(...held) : 0,
    webhookBadSignatures: webhooks.badSignatures,
    webhookRepeats: webhooks.repeats,
  };
}

interface Watchers {
  stock: CaseStock;
  inboxes: Inboxes;
  tap: EventTap;
  webhooks: WebhookReceiver;
}

interface Flow {
  whistleId: string;
  summonsIds: string[];
  intendedAt: number;
  visibleMs: number;
  lastArrivalAt: number;
}

async function offerAt(
  system: BenchSystem,
  watchers: Watchers,
  rate: number,
  offered: number,
): Promise<OpenLoopRate> {
  const { stock, inboxes, tap, webhooks } = watchers;
  const operator = bearer('operator', { centerId: 'ganzhou-district' });
  const start = Date.now() + 100;
  const flows: Array<Promise<Flow | null>> = [];
  for (let i = 0; i < offered; i++) {
    const intendedAt = start + (i * 1000) / rate;
    // A schedule, not a wait for the system: the next send is due at its time whatever is in flight.
    const ahead = intendedAt - Date.now();
    if (ahead > 0) await new Promise((resolve) => setTimeout(resolve, ahead));
    const caseId = stock.take();
    if (!caseId) break;
    flows.push(oneWhistle(system, inboxes, operator, caseId, intendedAt).catch(() => null));
  }
  const results = await Promise.all(flows);
  const done = results.filter((r) => r !== null);
  await tap
    .awaitCompletions(
      done.map((r) => r.whistleId),
      120_000,
    )
    .catch(() => undefined);
  // Delivery runs beside the flow (the liaisons act on the stream): the last ones may come later.
  await webhooks.awaitArrivals(
    done.flatMap((r) => r.summonsIds),
    60_000,
  );
  const webhook = done.flatMap((r) => {
    const times = r.summonsIds.map((id) => webhooks.arrivedAt(id)).filter((t) => t !== undefined);
    return times.length === r.summonsIds.length ? [Math.max(...times) - r.intendedAt] : [];
  });
  const completed = done.filter((r) => tap.completedAt(r.whistleId) !== undefined);
  const visible = done.map((r) => r.visibleMs);
  const completion = completed.map((r) => (tap.completedAt(r.whistleId) ?? 0) - r.lastArrivalAt);
  const visibleMs = spread(visible);
  const errors = offered - completed.length;
  return {
    rate,
    offered,
    completed: completed.length,
    errors,
    visibleMs,
    webhookMs: spread(webhook),
    webhookMissing: done.length - webhook.length,
    completionMs: spread(completion),
    held: errors === 0 && visibleMs.p99 <= BOUND_MS,
  };
}

async function oneWhistle(
  system: BenchSystem,
  inboxes: Inboxes,
  operator: string,
  caseId: string,
  intendedAt: number,
): Promise<Flow> {
  const whistle = await call<WhistleView>(
    system.urls.dispatch,
    'POST',
    `/cases/${caseId}/whistles`,
    operator,
    {},
  );
  const seen = await Promise.all(whistle.summons.map((s) => inboxes.of(s.departmentId).seen(s.id, 120_000)));
  const arrivals = await Promise.all(
    whistle.summons.map(async (s) => {
      const liaison = inboxes.of(s.departmentId).token;
      await call(system.urls.department, 'POST', `/summons/${s.id}/acknowledge`, liaison);
      await call(system.urls.department, 'POST', `/summons/${s.id}/arrive`, liaison, { note: 'on site' });
      return Date.now();
    }),
  );
  return {
    whistleId: whistle.id,
    summonsIds: whistle.summons.map((s) => s.id),
    intendedAt,
    visibleMs: Math.max(...seen) - intendedAt,
    lastArrivalAt: Math.max(...arrivals),
  };
}

function spread(values: number[]): Spread {
  return {
    p50: percentile(values, 50) ?? 0,
    p99: percentile(values, 99) ?? 0,
    max: values.length > 0 ? Math.max(...values) : 0,
  };
}
