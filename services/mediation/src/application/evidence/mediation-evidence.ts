import { Inject, Injectable } from '@nestjs/common';
import { EvidenceAttached, type Actor, type EvidenceMediaType } from '@chuishao/contracts';
import { CLOCK, NotFoundError, uuidv7, type Clock } from '@chuishao/kernel';
import { EventFactory, OutboxWriter, type Causation } from '@chuishao/messaging';
import { OBJECT_STORE, sniffMediaType, type ObjectStore } from '@chuishao/object-store';
import { AuditTrail, TransactionHost } from '@chuishao/persistence';
import { createHash } from 'node:crypto';
import { acceptEvidence, evidenceKey, evidenceName } from '../../domain/evidence';
import type { Mediation } from '../../domain/mediation';
import { EvidenceRepository, type Evidence } from '../../infrastructure/persistence/evidence.repository';
import { KnownCasesRepository } from '../../infrastructure/persistence/known-cases.repository';
import { MediationRepository } from '../../infrastructure/persistence/mediation.repository';
import { MediationInCharge, type ActingPost } from '../in-charge/in-charge';
import { MEDIATION_SETTINGS, type MediationSettings } from '../mediation-settings';

export interface AttachMediationEvidence {
  mediationId: string;
  bytes: Buffer;
  name?: string;
  post: ActingPost;
  causation: Causation;
}

/**
 * Evidence of a mediation (证据): the mediator in charge or a supervisor of the case attaches
 * (MediationInCharge.assert: 404 otherwise), whoever may see the mediation lists and downloads
 * (assertMaySee), every download audited. The bytes go to the object store first, then the row
 * and EvidenceAttached (`attachedTo: mediation`, on `cases` like intake's) commit together.
 */
@Injectable()
export class MediationEvidence {
  private readonly audit = new AuditTrail();

  constructor(
    private readonly transactions: TransactionHost,
    private readonly mediations: MediationRepository,
    private readonly knownCases: KnownCasesRepository,
    private readonly inCharge: MediationInCharge,
    private readonly evidence: EvidenceRepository,
    private readonly outbox: OutboxWriter,
    private readonly events: EventFactory,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    @Inject(MEDIATION_SETTINGS) private readonly settings: MediationSettings,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  attach(command: AttachMediationEvidence): Promise<Evidence> {
    return this.transactions.run(async (manager) => {
      const mediation = await this.mediation(command.mediationId);
      await this.inCharge.assert(mediation, command.post);
      const name = evidenceName(command.name);
      const mediaType = acceptEvidence(
        { byteSize: command.bytes.length, sniffed: sniffMediaType(command.bytes) },
        this.settings.evidenceMaxBytes,
      );
      const piece = this.pieceOf(mediation, command, mediaType, name);
      const known = await this.knownCases.find(mediation.caseId);
      await this.store.put(piece.storageKey, command.bytes, mediaType);
      await this.evidence.insert(piece);
      await this.outbox.append(manager, [
        this.events.build(EvidenceAttached, mediation.caseId, command.causation, {
          evidenceId: piece.id,
          caseNo: known?.caseNo ?? mediation.caseId,
          attachedTo: 'mediation',
          mediationId: mediation.id,
          mediaType,
          byteSize: piece.byteSize,
          sha256: piece.sha256,
          attachedAt: piece.attachedAt.toISOString(),
        }),
      ]);
      return piece;
    });
  }

  /** The row of a file just accepted: a fresh id, its digest, the key of its bytes, who and when. */
  private pieceOf(
    mediation: Mediation,
    command: AttachMediationEvidence,
    mediaType: EvidenceMediaType,
    name: string | null,
  ): Evidence {
    const now = this.clock.now();
    const id = uuidv7(now.getTime());
    return {
      id,
      mediationId: mediation.id,
      caseId: mediation.caseId,
      mediaType,
      byteSize: command.bytes.length,
      sha256: createHash('sha256').update(command.bytes).digest('hex'),
      name,
      storageKey: evidenceKey(mediation.id, id),
      attachedAt: now,
      attachedBy: { role: command.causation.actor.role, id: command.causation.actor.id },
    };
  }

  async list(mediationId: string, post: ActingPost): Promise<Evidence[]> {
    await this.inCharge.assertMaySee(await this.mediation(mediationId), post);
    return this.evidence.ofMediation(mediationId);
  }

  async download(
    mediationId: string,
    evidenceId: string,
    post: ActingPost,
    actor: Actor,
    correlationId: string,
  ): Promise<{ piece: Evidence; bytes: Buffer }> {
    await this.inCharge.assertMaySee(await this.mediation(mediationId), post);
    const piece = await this.evidence.find(mediationId, evidenceId);
    if (!piece)
      throw new NotFoundError('EVIDENCE_NOT_FOUND', `no evidence ${evidenceId} of mediation ${mediationId}`);
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
        caseId: piece.caseId,
        correlationId,
        details: { mediationId, mediaType: piece.mediaType, byteSize: piece.byteSize, sha256: piece.sha256 },
      }),
    );
    return { piece, bytes };
  }

  private async mediation(id: string): Promise<Mediation> {
    const mediation = await this.mediations.findMediation(id);
    if (!mediation) throw new NotFoundError('MEDIATION_NOT_FOUND', `no mediation with id ${id}`);
    return mediation;
  }
}
