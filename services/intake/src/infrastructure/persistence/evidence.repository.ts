import { Injectable } from '@nestjs/common';
import type { EvidenceMediaType } from '@chuishao/contracts';
import { TransactionHost } from '@chuishao/persistence';

/** A piece of evidence on a case: what it is, not its bytes (those are in the object store). */
export interface Evidence {
  id: string;
  caseId: string;
  mediaType: EvidenceMediaType;
  byteSize: number;
  sha256: string;
  name: string | null;
  storageKey: string;
  attachedAt: Date;
  attachedBy: { role: string; id: string };
}

interface EvidenceRow {
  id: string;
  case_id: string;
  media_type: EvidenceMediaType;
  byte_size: number;
  sha256: string;
  name: string | null;
  storage_key: string;
  attached_at: Date;
  attached_by_role: string;
  attached_by_id: string;
}

const toEvidence = (r: EvidenceRow): Evidence => ({
  id: r.id,
  caseId: r.case_id,
  mediaType: r.media_type,
  byteSize: r.byte_size,
  sha256: r.sha256,
  name: r.name,
  storageKey: r.storage_key,
  attachedAt: r.attached_at,
  attachedBy: { role: r.attached_by_role, id: r.attached_by_id },
});

/** The case_evidence table, in the ambient transaction. */
@Injectable()
export class EvidenceRepository {
  constructor(private readonly transactions: TransactionHost) {}

  async insert(e: Evidence): Promise<void> {
    await this.transactions.manager.query(
      `INSERT INTO case_evidence (id, case_id, media_type, byte_size, sha256, name, storage_key, attached_at,
                                  attached_by_role, attached_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        e.id,
        e.caseId,
        e.mediaType,
        e.byteSize,
        e.sha256,
        e.name,
        e.storageKey,
        e.attachedAt,
        e.attachedBy.role,
        e.attachedBy.id,
      ],
    );
  }

  /** A case's evidence, oldest first. */
  async ofCase(caseId: string): Promise<Evidence[]> {
    const rows: EvidenceRow[] = await this.transactions.manager.query(
      'SELECT * FROM case_evidence WHERE case_id = $1 ORDER BY attached_at, id',
      [caseId],
    );
    return rows.map(toEvidence);
  }

  async find(caseId: string, evidenceId: string): Promise<Evidence | null> {
    const rows: EvidenceRow[] = await this.transactions.manager.query(
      'SELECT * FROM case_evidence WHERE case_id = $1 AND id = $2',
      [caseId, evidenceId],
    );
    return rows.length === 0 ? null : toEvidence(rows[0]);
  }
}
