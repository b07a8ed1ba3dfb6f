import type { BenchSystem } from './bench-system';
import { benchAcknowledge, benchBareRoute, prepareSummons, type HttpRun } from './http-bench';
import type { CaseStock } from './pipeline';
import { round } from './stats';
import type { Infra } from './system';

/** The acknowledge endpoint alone on the machine, against the bare route with the same connections. */
export interface IsolatedAck {
  acknowledgements: number;
  seconds: number;
  acknowledge: HttpRun;
  bareRoute: HttpRun;
  /** `ratio.ackIsolatedToBareRoute`: requests/s of the one over the other. */
  ratio: number;
}

/**
 * What the acknowledge route costs when it has the cores to itself: summons prepared (and their
 * texts delivered), a warm-up of 300 acknowledgements, then every other service of the system
 * stopped with SIGSTOP (their consumers cannot compete for the cores; their lag grows, and they
 * catch up after SIGCONT) while at least 5,000 acknowledgements (quick: 1,500) go to the
 * department, each a real one: guard, validation, a transaction, an event in the outbox. The bare
 * route then gets the same connections for as long, the others still stopped.
 */
export async function benchAcknowledgeIsolated(
  system: BenchSystem,
  infra: Infra,
  stock: CaseStock,
  bareUrl: string,
  options: { quick: boolean; connections: number; log: (line: string) => void },
): Promise<IsolatedAck> {
  const warm = 300;
  const count = options.quick ? 1_500 : 5_000;
  const targets = await prepareSummons(system, infra, stock, warm + count, options.connections);
  await benchAcknowledge(system.urls.department, targets.slice(0, warm), options.connections);
  const others = [...system.services.values()].filter((s) => s.name !== 'department');
  let acknowledge: HttpRun;
  let bareRoute: HttpRun;
  let seconds: number;
  // Both under the same conditions: the other services stopped for the two of them. Resumed
  // between the two, they would catch up on the acknowledgements' events while the bare route
  // runs, and the ratio would measure their backlog (the bare route read 3,056 to 7,799 req/s
  // that way, against 15,000–18,000 on its own).
  for (const s of others) s.child.kill('SIGSTOP');
  try {
    const started = performance.now();
    acknowledge = await benchAcknowledge(system.urls.department, targets.slice(warm), options.connections);
    seconds = (performance.now() - started) / 1000;
    bareRoute = await benchBareRoute(bareUrl, targets, options.connections, Math.max(5, Math.ceil(seconds)));
  } finally {
    for (const s of others) s.child.kill('SIGCONT');
  }
  options.log(
    `acknowledge alone: ${acknowledge.requests} in ${round(seconds)} s = ${acknowledge.requestsPerSec} req/s ` +
      `(p99 ${acknowledge.p99Ms} ms, ${acknowledge.non2xx} non-2xx); bare route ${bareRoute.requestsPerSec} req/s`,
  );
  return {
    acknowledgements: acknowledge.requests,
    seconds: round(seconds),
    acknowledge,
    bareRoute,
    ratio: round(acknowledge.requestsPerSec / Math.max(1, bareRoute.requestsPerSec), 4),
  };
}
