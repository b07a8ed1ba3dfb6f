import { remainingSeconds, type SummonsSla } from '../domain/sla';
import type { Breach, Escalation } from '../infrastructure/persistence/breaches.repository';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function escalationView(e: Escalation) {
  return {
    id: e.id,
    breachId: e.breachId,
    whistleId: e.whistleId,
    summonsId: e.summonsId,
    caseId: e.caseId,
    departmentId: e.departmentId,
    level: e.level,
    target: { kind: e.targetKind, id: e.targetId },
    raisedAt: e.raisedAt.toISOString(),
    state: e.state,
    acknowledgedAt: iso(e.acknowledgedAt),
    acknowledgedBy: e.acknowledgedBy,
    note: e.note,
  };
}

export function breachView(b: Breach & { escalations: Escalation[] }) {
  return {
    id: b.id,
    whistleId: b.whistleId,
    summonsId: b.summonsId,
    caseId: b.caseId,
    centerId: b.centerId,
    departmentId: b.departmentId,
    arrivalDeadline: b.deadline.toISOString(),
    breachedAt: b.breachedAt.toISOString(),
    state: b.state,
    arrivedAt: iso(b.arrivedAt),
    latenessSeconds: b.latenessSeconds,
    closedAt: iso(b.closedAt),
    escalations: b.escalations.map(escalationView),
  };
}

export function summonsSlaView(s: SummonsSla, now: Date) {
  return {
    summonsId: s.summonsId,
    departmentId: s.departmentId,
    departmentName: s.departmentName,
    summonedAt: s.summonedAt.toISOString(),
    arrivalDeadline: s.deadline.toISOString(),
    remainingSeconds: remainingSeconds(s, now),
    state: s.state,
    acknowledgedAt: iso(s.acknowledgedAt),
    arrivedAt: iso(s.arrivedAt),
    warnedAt: iso(s.warnedAt),
    breachId: s.breachId,
    escalationLevel: s.escalationLevel,
    policy: s.policy,
  };
}
