import { Inject, Injectable } from '@nestjs/common';
import { CjkFontMissingError, PdfRenderer } from '@chuishao/documents';
import type { Actor } from '@chuishao/contracts';
import { CLOCK, NotFoundError, UnavailableError, type Clock } from '@chuishao/kernel';
import { AuditTrail, TransactionHost } from '@chuishao/persistence';
import { agreementCopyFor, agreementDocument, type AgreementCopy } from '../../domain/agreement-document';
import { KnownCasesRepository } from '../../infrastructure/persistence/known-cases.repository';
import { MediationRepository } from '../../infrastructure/persistence/mediation.repository';
import { MediationInCharge, type ActingPost } from '../in-charge/in-charge';

export interface AgreementPdf {
  pdf: Buffer;
  caseNo: string;
  copy: AgreementCopy;
}

/**
 * The agreement of a mediation as a PDF (人民调解协议书), for whoever may read the mediation: the
 * parties' copy for the mediator and the supervisor, a masked copy for the others (domain
 * agreement-document.ts). Every download is in the audit log (who, which copy).
 */
@Injectable()
export class AgreementDocument {
  private readonly audit = new AuditTrail();

  constructor(
    private readonly repository: MediationRepository,
    private readonly knownCases: KnownCasesRepository,
    private readonly inCharge: MediationInCharge,
    private readonly transactions: TransactionHost,
    private readonly renderer: PdfRenderer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async download(
    mediationId: string,
    post: ActingPost,
    actor: Actor,
    correlationId: string,
  ): Promise<AgreementPdf> {
    const mediation = await this.repository.findMediation(mediationId);
    if (!mediation) throw new NotFoundError('MEDIATION_NOT_FOUND', `no mediation with id ${mediationId}`);
    await this.inCharge.assertMaySee(mediation, post);
    const agreement = await this.repository.findAgreement(mediationId);
    const known = await this.knownCases.find(mediation.caseId);
    if (!agreement || !known)
      throw new NotFoundError('AGREEMENT_NOT_FOUND', `mediation ${mediationId} has no agreement`);
    const copy = agreementCopyFor(post.role);
    const now = this.clock.now();
    const pdf = await this.render(
      agreementDocument({ agreement, caseNo: known.caseNo, parties: known.parties }, copy),
      now,
    );
    await this.transactions.run((manager) =>
      this.audit.record(manager, {
        occurredAt: now,
        actor,
        action: 'AgreementDocumentDownloaded',
        entityType: 'agreement',
        entityId: agreement.id,
        caseId: mediation.caseId,
        correlationId,
        details: { mediationId, copy },
      }),
    );
    return { pdf, caseNo: known.caseNo, copy };
  }

  private async render(layout: Parameters<PdfRenderer['render']>[0], now: Date): Promise<Buffer> {
    try {
      return await this.renderer.render(layout, now);
    } catch (error) {
      if (error instanceof CjkFontMissingError) throw new UnavailableError(error.code, error.message, 60);
      throw error;
    }
  }
}
