import type { Agreement, Mediation, MediationSession } from '../domain/mediation';
import { currentLevel } from '../domain/mediation';

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

export function mediationView(
  m: Mediation,
  extra: { sessions?: MediationSession[]; agreement?: Agreement | null } = {},
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
    ...(extra.sessions ? { sessions: extra.sessions.map(sessionView) } : {}),
    ...(extra.agreement !== undefined
      ? { agreement: extra.agreement ? agreementView(extra.agreement) : null }
      : {}),
  };
}
