import { uuidv7 } from '@chuishao/kernel';
import type { TransactionHost } from '@chuishao/persistence';
import type { SummonsSlaCommand } from '../../domain/summons-sla.decider';
import type { SlaMetrics } from '../../infrastructure/metrics/sla-metrics';
import type { ResponseKind } from '../../infrastructure/persistence/early-responses';
import { ALL_SLA_TIMER_KINDS } from '../sla-timer-kinds';

/** A department's answer to a summons, as its event says it. */
export interface DepartmentResponse {
  kind: ResponseKind;
  summonsId: string;
  at: Date;
}

/** The command an answer is for the summons's SLA; ids and times are made here, so the decision is pure. */
export function answerCommand(response: DepartmentResponse, now: Date): SummonsSlaCommand {
  if (response.kind === 'acknowledged') return { type: 'Acknowledge', at: response.at };
  if (response.kind === 'declined') return { type: 'Withdraw', now };
  return { type: 'Arrive', at: response.at, now, breachId: uuidv7(now.getTime()) };
}

/**
 * The timer kinds an answer cancels with its summons's lock: an arrival or a decline settles the
 * summons (all of them), an acknowledgement none (undefined).
 */
export function cancelledBy(response: DepartmentResponse): readonly string[] | undefined {
  return response.kind === 'acknowledged' ? undefined : ALL_SLA_TIMER_KINDS;
}

/** The arrival and breach metrics of an answer, once its decision has committed. */
export function observeAnswer(
  transactions: TransactionHost,
  metrics: SlaMetrics,
  sla: { centerId: string; departmentId: string; summonedAt: Date },
  response: DepartmentResponse,
  events: ReadonlyArray<{ type: string }>,
): void {
  if (response.kind !== 'arrived' || events.length === 0) return;
  const late = events.some((e) => e.type === 'ArrivedLate');
  transactions.afterCommit(() => metrics.arrived(sla, response.at, !late));
  if (events.some((e) => e.type === 'DeadlineBreached'))
    transactions.afterCommit(() =>
      metrics.breaches.inc({ center: sla.centerId, department: sla.departmentId }),
    );
}
