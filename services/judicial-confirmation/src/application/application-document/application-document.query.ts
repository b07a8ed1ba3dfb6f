import { Inject, Injectable } from '@nestjs/common';
import type { CenterPost } from '@chuishao/auth';
import type { Actor } from '@chuishao/contracts';
import { CjkFontMissingError, PdfRenderer, type DocumentLayout } from '@chuishao/documents';
import { CLOCK, NotFoundError, UnavailableError, type Clock } from '@chuishao/kernel';
import { AuditTrail, TransactionHost } from '@chuishao/persistence';
import {
  applicationCopyFor,
  applicationDocument,
  type ApplicationCopy,
} from '../../domain/application-document';
import { JudicialRepository } from '../../infrastructure/persistence/judicial.repository';
import { ReadConfirmations } from '../read-confirmations/read-confirmations.query';

export interface ApplicationPdf {
  pdf: Buffer;
  copy: ApplicationCopy;
}

/**
 * An application for judicial confirmation as a PDF (司法确认申请书), for whoever may read it
 * (ReadConfirmations: 404 otherwise): the parties' copy for the mediator and the clerk, a masked
 * one for supervision and ops (domain application-document.ts). Every download is audited.
 */
@Injectable()
export class ApplicationDocument {
  private readonly audit = new AuditTrail();

  constructor(
    private readonly reads: ReadConfirmations,
    private readonly repository: JudicialRepository,
    private readonly transactions: TransactionHost,
    private readonly renderer: PdfRenderer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async download(
    requestId: string,
    reader: CenterPost & { role: string },
    actor: Actor,
    correlationId: string,
  ): Promise<ApplicationPdf> {
    const request = await this.reads.request(requestId, reader);
    const agreement = await this.repository.agreement(request.agreementId);
    if (!agreement) throw new NotFoundError('REQUEST_NOT_FOUND', `no application ${requestId}`);
    const copy = applicationCopyFor(reader.role);
    const now = this.clock.now();
    const pdf = await this.render(applicationDocument(agreement, request, copy), now);
    await this.transactions.run((manager) =>
      this.audit.record(manager, {
        occurredAt: now,
        actor,
        action: 'ApplicationDocumentDownloaded',
        entityType: 'confirmation_request',
        entityId: requestId,
        caseId: request.caseId,
        correlationId,
        details: { agreementId: request.agreementId, copy },
      }),
    );
    return { pdf, copy };
  }

  private async render(layout: DocumentLayout, now: Date): Promise<Buffer> {
    try {
      return await this.renderer.render(layout, now);
    } catch (error) {
      if (error instanceof CjkFontMissingError) throw new UnavailableError(error.code, error.message, 60);
      throw error;
    }
  }
}
