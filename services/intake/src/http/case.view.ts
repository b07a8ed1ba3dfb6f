import type { CaseTrailEntry } from '../domain/case-trail';
import type { DisputeCase, Party } from '../domain/dispute-case';

/**
 * A party as the API shows it: masked ID number and phone always; the full values only when the
 * read fetched them for a role allowed to see them (the party then carries `personal`).
 */
function partyView(party: Party, reveal: boolean) {
  return {
    id: party.id,
    role: party.role,
    name: party.name,
    idNumberMasked: party.idNumberMasked,
    phoneMasked: party.phoneMasked,
    ...(reveal && party.personal ? { idNumber: party.personal.idNumber, phone: party.personal.phone } : {}),
  };
}

/**
 * `reveal: false` for the answers of state-changing POSTs: those are stored for Idempotency-Key
 * replays, and no full ID number or phone may rest in plaintext.
 */
export function caseView(dispute: DisputeCase, options: { reveal: boolean }) {
  return {
    id: dispute.id,
    caseNo: dispute.caseNo,
    centerId: dispute.centerId,
    channel: dispute.channel,
    disputeType: dispute.disputeType,
    summary: dispute.summary,
    headcount: dispute.headcount,
    urgency: dispute.urgency,
    place: dispute.place ?? null,
    status: dispute.status,
    parties: dispute.parties.map((p) => partyView(p, options.reveal)),
    registeredAt: dispute.registeredAt.toISOString(),
    closedAt: dispute.closedAt?.toISOString() ?? null,
    closeReason: dispute.closeReason,
  };
}

export function trailItemView(entry: CaseTrailEntry) {
  return {
    eventId: entry.eventId,
    type: entry.type,
    occurredAt: entry.occurredAt.toISOString(),
    actor: entry.actor,
    correlationId: entry.correlationId,
    causationId: entry.causationId,
    summary: entry.summary,
  };
}
