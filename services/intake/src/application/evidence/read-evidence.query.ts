import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '@chuishao/contracts';
import { CLOCK, NotFoundError, type Clock } from '@chuishao/kernel';
import { OBJECT_STORE, type ObjectStore } from '@chuishao/object-store';
import { AuditTrail, TransactionHost } from '@chuishao/persistence';
import type { CenterPost } from '../../domain/center-scope';
import { EvidenceRepository, type Evidence } from '../../infrastructure/persistence/evidence.repository';
import { CaseInScope } from './case-in-scope';

/**
 * A case's evidence for whoever may read the case (404 CASE_NOT_FOUND otherwise, as for an
 * unknown case): the list, and one file's bytes. Every download is audited (who, when, which
 * file) before the bytes leave.
 */
@Injectable()
export class ReadEvidence {
  private readonly audit = new AuditTrail();

  constructor(
    private readonly transactions: TransactionHost,
    private readonly cases: CaseInScope,
    private readonly evidence: EvidenceRepository,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(caseId: string, reader: CenterPost): Promise<Evidence[]> {
    await this.cases.find(caseId, reader);
    return this.evidence.ofCase(caseId);
  }

  async download(
    caseId: string,
    evidenceId: string,
    reader: CenterPost,
    actor: Actor,
    correlationId: string,
  ): Promise<{ piece: Evidence; bytes: Buffer }> {
    await this.cases.find(caseId, reader);
    const piece = await this.evidence.find(caseId, evidenceId);
    if (!piece) throw new NotFoundError('EVIDENCE_NOT_FOUND', `no evidence ${evidenceId} on case ${caseId}`);
    // A row is written only after its bytes are stored: a missing object is lost data, a 500.
    const bytes = await this.store.get(piece.storageKey);
    if (!bytes) throw new Error(`the bytes of evidence ${evidenceId} are missing from the object store`);
    await this.transactions.run((manager) =>
      this.audit.record(manager, {
        occurredAt: this.clock.now(),
        actor,
        action: 'EvidenceDownloaded',
        entityType: 'evidence',
        entityId: evidenceId,
        caseId,
        correlationId,
        details: { mediaType: piece.mediaType, byteSize: piece.byteSize, sha256: piece.sha256 },
      }),
    );
    return { piece, bytes };
  }
}
