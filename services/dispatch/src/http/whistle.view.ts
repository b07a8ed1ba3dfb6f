import type { Whistle } from '../domain/whistle';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function whistleView(whistle: Whistle) {
  return {
    id: whistle.id,
    caseId: whistle.caseId,
    caseNo: whistle.caseNo,
    centerId: whistle.centerId,
    status: whistle.status,
    reason: whistle.reason,
    slaSeconds: whistle.slaSeconds,
    blownAt: whistle.blownAt.toISOString(),
    arrivalDeadline: whistle.arrivalDeadline.toISOString(),
    completedAt: iso(whistle.completedAt),
    summons: whistle.summons.map((s) => ({
      id: s.id,
      departmentId: s.departmentId,
      departmentName: s.departmentName,
      departmentKind: s.departmentKind,
      status: s.status,
      arrivalDeadline: s.arrivalDeadline.toISOString(),
      acknowledgedAt: iso(s.acknowledgedAt),
      arrivedAt: iso(s.arrivedAt),
      declinedAt: iso(s.declinedAt),
      declineReason: s.declineReason,
      replacedBySummonsId: s.replacedBySummonsId,
      stoodDownAt: iso(s.stoodDownAt),
      standDownReason: s.standDownReason,
    })),
  };
}
