import { Inject, Injectable } from '@nestjs/common';
import { EvidenceAttached } from '@chuishao/contracts';
import { CLOCK, uuidv7, type Clock } from '@chuishao/kernel';
import { EventFactory, OutboxWriter, type Causation } from '@chuishao/messaging';
import { OBJECT_STORE, sniffMediaType, type ObjectStore } from '@chuishao/object-store';
import { TransactionHost } from '@chuishao/persistence';
import { createHash } from 'node:crypto';
import type { CenterPost } from '../../domain/center-scope';
import {
  EVIDENCE_POLICY,
  acceptEvidence,
  evidenceKey,
  evidenceName,
  type EvidencePolicy,
} from '../../domain/evidence';
import { EvidenceRepository, type Evidence } from '../../infrastructure/persistence/evidence.repository';
import { CaseInScope } from './case-in-scope';

export interface AttachEvidenceCommand {
  caseId: string;
  bytes: Buffer;
  /** The name the file came with, shown to readers; never decides its type. */
  name?: string;
  attacher: CenterPost;
  causation: Causation;
}

/**
 * Someone working a case attaches a photo or document (证据): the case in their centers (404
 * otherwise), the file within the size limit and a JPEG, PNG or PDF by its content (domain
 * evidence.ts). The bytes go to the object store first, then the row and EvidenceAttached (whose
 * outbox row audits it) commit together: a failed commit leaves an unreferenced object under a
 * fresh id, never a row without its bytes.
 */
@Injectable()
export class AttachEvidence {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly cases: CaseInScope,
    private readonly evidence: EvidenceRepository,
    private readonly outbox: OutboxWriter,
    private readonly events: EventFactory,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    @Inject(EVIDENCE_POLICY) private readonly policy: EvidencePolicy,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(command: AttachEvidenceCommand): Promise<Evidence> {
    return this.transactions.run(async (manager) => {
      const dispute = await this.cases.find(command.caseId, command.attacher);
      const name = evidenceName(command.name);
      const mediaType = acceptEvidence(
        { byteSize: command.bytes.length, sniffed: sniffMediaType(command.bytes) },
        this.policy,
      );
      const now = this.clock.now();
      const id = uuidv7(now.getTime());
      const piece: Evidence = {
        id,
        caseId: dispute.id,
        mediaType,
        byteSize: command.bytes.length,
        sha256: createHash('sha256').update(command.bytes).digest('hex'),
        name,
        storageKey: evidenceKey(dispute.id, id),
        attachedAt: now,
        attachedBy: { role: command.causation.actor.role, id: command.causation.actor.id },
      };
      await this.store.put(piece.storageKey, command.bytes, mediaType);
      await this.evidence.insert(piece);
      await this.outbox.append(manager, [
        this.events.build(EvidenceAttached, dispute.id, command.causation, {
          evidenceId: id,
          caseNo: dispute.caseNo,
          attachedTo: 'case',
          mediationId: null,
          mediaType,
          byteSize: piece.byteSize,
          sha256: piece.sha256,
          attachedAt: now.toISOString(),
        }),
      ]);
      return piece;
    });
  }
}
