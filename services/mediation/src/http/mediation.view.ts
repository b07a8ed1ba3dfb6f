import type { Agreement, Mediation, MediationSession, PerformanceRecord } from '../domain/mediation';
import { currentLevel } from '../domain/mediation';
import { performanceCheckDue } from '../domain/performance';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function sessionView(s: MediationSession) {
  return {
    id: s.id,
    mediationId: s.mediationId,
    mediatorId: s.mediatorId,
    startedAt: s.startedAt.toISOString(),
    endedAt: s.endedAt.toISOString(),
    participants: s.participants,
    level: s.approachLevel,
    tierLevel: s.tierLevel,
    notes: s.notes,
    recordedAt: s.recordedAt.toISOString(),
  };
}

export function agreementView(a: Agreement) {
  return {
    id: a.id,
    mediationId: a.mediationId,
    caseId: a.caseId,
    facts: a.facts,
    mattersInDispute: a.mattersInDispute,
    responsibilities: a.responsibilities,
    terms: a.terms,
    amount: a.amount,
    performance: { manner: a.performance.manner, deadline: iso(a.performance.deadline) },
    partySignatures: a.partySignatures.map((s) => ({ party: s.party, signedAt: s.signedAt.toISOString() })),
    mediatorSignature: {
      mediator: a.mediatorSignature.mediator,
      signedAt: a.mediatorSignature.signedAt.toISOString(),
    },
    effectiveAt: a.effectiveAt.toISOString(),
    recordedAt: a.recordedAt.toISOString(),
  };
}

export function performanceView(p: PerformanceRecord) {
  return {
    id: p.id,
    mediationId: p.mediationId,
    agreementId: p.agreementId,
    outcome: p.outcome,
    note: p.note,
    remedies: p.remedies,
    recordedBy: p.recordedBy,
    recordedAt: p.recordedAt.toISOString(),
  };
}

/** `now`: the service's clock, for whether the agreement's performance is due to be checked. */
export function mediationView(
  m: Mediation,
  now: Date,
  extra: {
    sessions?: MediationSession[];
    agreement?: Agreement | null;
    performance?: PerformanceRecord[];
  } = {},
) {
  const level = currentLevel(m);
  return {
    id: m.id,
    caseId: m.caseId,
    whistleId: m.whistleId,
    openedBy: m.openedBy,
    mediatorId: m.mediatorId,
    participants: m.participants,
    state: m.state,
    tierLevel: level.level,
    levelDueAt: level.dueAt.toISOString(),
    /** The ladder so far, lowest level first; `missedAt` where a level's deadline passed. */
    levels: m.levels.map((l) => ({
      level: l.level,
      startedAt: l.startedAt.toISOString(),
      dueAt: l.dueAt.toISOString(),
      missedAt: iso(l.missedAt),
    })),
    sessionCount: m.sessionCount,
    openedAt: m.openedAt.toISOString(),
    /** The whole mediation's time limit (one month on the legal calendar by default). */
    timeLimitDueAt: iso(m.timeLimitDueAt),
    timeLimitMissedAt: iso(m.timeLimitMissedAt),
    closedAt: iso(m.closedAt),
    failure: m.failure,
    agreementId: m.agreementId,
    /** The agreement's performance deadline, and the latest outcome recorded (art. 31). */
    performanceDueAt: iso(m.performanceDueAt),
    performanceOutcome: m.performance,
    /** The deadline has passed and the agreement is not yet found performed. */
    performanceCheckDue: performanceCheckDue(m, now),
    ...(extra.performance ? { performanceRecords: extra.performance.map(performanceView) } : {}),
    ...(extra.sessions ? { sessions: extra.sessions.map(sessionView) } : {}),
    ...(extra.agreement !== undefined
      ? { agreement: extra.agreement ? agreementView(extra.agreement) : null }
      : {}),
  };
}
