import type { MadeLink } from '../application/repeat-petitions/link-cases.use-case';
import type { LinkedCase, SimilarCase } from '../application/repeat-petitions/repeat-petitions.query';
import type { DisputeCase } from '../domain/dispute-case';

/** Which case, what and where: the part every view of another case starts with. */
function caseHeading(dispute: DisputeCase) {
  return {
    id: dispute.id,
    caseNo: dispute.caseNo,
    centerId: dispute.centerId,
    disputeType: dispute.disputeType,
    status: dispute.status,
    registeredAt: dispute.registeredAt.toISOString(),
  };
}

/** Another case as a repeat petition shows it: what and where, parties masked only. */
function otherCaseView(dispute: DisputeCase) {
  return {
    ...caseHeading(dispute),
    summary: dispute.summary,
    parties: dispute.parties.map((p) => ({
      role: p.role,
      name: p.name,
      idNumberMasked: p.idNumberMasked,
      phoneMasked: p.phoneMasked,
    })),
  };
}

export function similarCaseView(similar: SimilarCase) {
  return { ...otherCaseView(similar.dispute), matchedBy: similar.matchedBy, linked: similar.linked };
}

export function linkedCaseView(linked: LinkedCase) {
  const { dispute, direction, link } = linked;
  return {
    ...caseHeading(dispute),
    direction,
    matchedBy: link.matchedBy,
    reason: link.reason,
    linkedAt: link.linkedAt.toISOString(),
  };
}

export function madeLinkView(link: MadeLink) {
  return {
    caseId: link.caseId,
    caseNo: link.caseNo,
    linkedCaseId: link.linkedCaseId,
    linkedCaseNo: link.linkedCaseNo,
    matchedBy: link.matchedBy,
    reason: link.reason,
    linkedAt: link.linkedAt.toISOString(),
    linkedBy: link.linkedBy,
  };
}
