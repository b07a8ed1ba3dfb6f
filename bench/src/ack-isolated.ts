import type { BenchSystem } from './bench-system';
import { benchAcknowledge, benchBareRoute, prepareSummons, type HttpRun } from './http-bench';
import type { CaseStock } from './pipeline';
import { round } from './stats';
import type { Infra } from './system';

/** The acknowledge endpoint alone on the machine, against the bare route with the same connections. */
export interface IsolatedAck {
  acknowledgements: number;
  seconds: number;
  /** How many times the others were stopped to reach both minimums (each stretch needs fresh summons). */
  stretches: number;
  /** Over every stretch: requests/s is all of them over their summed time; p99 the worst stretch's. */
  acknowledge: HttpRun;
  bareRoute: HttpRun;
  /** `ratio.ackIsolatedToBareRoute`: requests/s of the one over the other. */
  ratio: number;
}

/** Issue 22: at least 10 s and at least 5,000 acknowledgements (quick: 3 s and 1,500). */
export function isolatedMinimums(quick: boolean): { acknowledgements: number; seconds: number } {
  return quick ? { acknowledgements: 1_500, seconds: 3 } : { acknowledgements: 5_000, seconds: 10 };
}

/**
 * Summons for the next stretch: the rest of the count, or enough for the rest of the time at the
 * rate seen so far with a fifth more (at least 300, so a stretch is not all connection start).
 */
export function nextStretchSize(
  minimums: { acknowledgements: number; seconds: number },
  done: { acknowledgements: number; seconds: number },
): number {
  const countLeft = minimums.acknowledgements - done.acknowledgements;
  const secondsLeft = minimums.seconds - done.seconds;
  if (countLeft <= 0 && secondsLeft <= 0) return 0;
  const rate = done.seconds > 0 ? done.acknowledgements / done.seconds : 0;
  return Math.max(countLeft, Math.ceil(rate * Math.max(0, secondsLeft) * 1.2), 300);
}

/** Stretches as one run: the requests over the time they took, the worst p99 (an upper bound). */
export function combineStretches(runs: readonly HttpRun[]): HttpRun {
  const requests = total(runs);
  const seconds = totalSeconds(runs);
  return {
    requests,
    seconds,
    requestsPerSec: round(requests / Math.max(0.001, seconds)),
    p50Ms: Math.max(...runs.map((r) => r.p50Ms)),
    p99Ms: Math.max(...runs.map((r) => r.p99Ms)),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
  };
}

/**
 * What the acknowledge route costs when it has the cores to itself: summons prepared (and their
 * texts delivered), a warm-up of 300 acknowledgements, then every other service of the system
 * stopped with SIGSTOP (their consumers cannot compete for the cores; their lag grows, and they
 * catch up after SIGCONT) while the department gets real acknowledgements (guard, validation, a
 * transaction, an event in the outbox) until both minimums are reached. An acknowledgement needs
 * a fresh summons, and summons are only made by the running pipeline, so when the first stretch
 * ends short of the time the others resume, more summons are prepared, and they are stopped again
 * for the next stretch; only the stretches are timed. The bare route then gets the same
 * connections for as long, the others stopped for it too.
 */
export async function benchAcknowledgeIsolated(
  system: BenchSystem,
  infra: Infra,
  stock: CaseStock,
  bareUrl: string,
  options: { quick: boolean; connections: number; log: (line: string) => void },
): Promise<IsolatedAck> {
  const warm = 300;
  const minimums = isolatedMinimums(options.quick);
  const warmUp = await prepareSummons(system, infra, stock, warm, options.connections);
  await benchAcknowledge(system.urls.department, warmUp, options.connections);
  const stretches: HttpRun[] = [];
  for (;;) {
    const done = { acknowledgements: total(stretches), seconds: totalSeconds(stretches) };
    const size = nextStretchSize(minimums, done);
    if (size === 0) break;
    const targets = await prepareSummons(system, infra, stock, size, options.connections);
    // Each stretch is timed first request to last answer (HttpRun.seconds), as the bare route is,
    // not by when autocannon returns: with `duration` that is its next 1 s tick (http-bench.ts).
    const run = await whileOthersStopped(system, () =>
      benchAcknowledge(system.urls.department, targets, options.connections),
    );
    stretches.push(run);
    options.log(`acknowledge alone, stretch ${stretches.length}: ${run.requests} in ${round(run.seconds)} s`);
  }
  const acknowledge = combineStretches(stretches);
  const seconds = acknowledge.seconds;
  // Both under the same conditions: the other services stopped for the two of them. Running, they
  // would catch up on the acknowledgements' events while the bare route runs, and the ratio would
  // measure their backlog (the bare route read 3,056 to 7,799 req/s that way, against 15,000–18,000
  // on its own).
  const bareRoute = await whileOthersStopped(system, () =>
    benchBareRoute(bareUrl, warmUp, options.connections, Math.max(5, Math.ceil(seconds))),
  );
  options.log(
    `acknowledge alone: ${acknowledge.requests} in ${round(seconds)} s (${stretches.length} stretch(es)) = ` +
      `${acknowledge.requestsPerSec} req/s (p99 ${acknowledge.p99Ms} ms, ${acknowledge.non2xx} non-2xx); ` +
      `bare route ${bareRoute.requestsPerSec} req/s`,
  );
  return {
    acknowledgements: acknowledge.requests,
    seconds: round(seconds),
    stretches: stretches.length,
    acknowledge,
    bareRoute,
    ratio: round(acknowledge.requestsPerSec / Math.max(1, bareRoute.requestsPerSec), 4),
  };
}

function total(runs: readonly HttpRun[]): number {
  return runs.reduce((sum, r) => sum + r.requests, 0);
}

/** The stretches' own times summed: first request to last answer of each. */
function totalSeconds(runs: readonly HttpRun[]): number {
  return runs.reduce((sum, r) => sum + r.seconds, 0);
}

async function whileOthersStopped<T>(system: BenchSystem, measure: () => Promise<T>): Promise<T> {
  const others = [...system.services.values()].filter((s) => s.name !== 'department');
  for (const s of others) s.child.kill('SIGSTOP');
  try {
    return await measure();
  } finally {
    for (const s of others) s.child.kill('SIGCONT');
  }
}
