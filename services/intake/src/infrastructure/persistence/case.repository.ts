import { Injectable } from '@nestjs/common';
import type { CaseChannel, CenterTier, DisputeType, PartyRole, Urgency } from '@chuishao/contracts';
import { TransactionHost } from '@chuishao/persistence';
import type { EntityManager } from 'typeorm';
import type { CaseStatus } from '../../domain/case-status';
import type { Center } from '../../domain/center';
import type { DisputeCase } from '../../domain/dispute-case';
import { CaseEntity, CenterEntity, PartyEntity } from './entities';

function toCenter(e: CenterEntity): Center {
  return {
    id: e.id,
    code: e.code,
    name: e.name,
    nameZh: e.nameZh,
    tier: e.tier as CenterTier,
    parentId: e.parentId,
  };
}

function toCase(e: CaseEntity): DisputeCase {
  return {
    id: e.id,
    caseNo: e.caseNo,
    centerId: e.centerId,
    channel: e.channel as CaseChannel,
    disputeType: e.disputeType as DisputeType,
    summary: e.summary,
    headcount: e.headcount,
    urgency: e.urgency as Urgency,
    status: e.status as CaseStatus,
    registeredAt: e.registeredAt,
    closedAt: e.closedAt,
    closeReason: e.closeReason,
    parties: [...(e.parties ?? [])]
      .sort((a, b) => a.position - b.position)
      .map((p) => ({
        id: p.id,
        role: p.role as PartyRole,
        name: p.name,
        idNumberMasked: p.idNumberMasked,
        phoneMasked: p.phoneMasked,
      })),
  };
}

export interface CaseFilter {
  status?: CaseStatus;
  centerId?: string;
  limit: number;
}

@Injectable()
export class CaseRepository {
  constructor(private readonly transactions: TransactionHost) {}

  private get manager(): EntityManager {
    return this.transactions.manager;
  }

  async centers(): Promise<Center[]> {
    return (await this.manager.find(CenterEntity, { order: { tier: 'ASC', id: 'ASC' } })).map(toCenter);
  }

  async upsertCenters(centers: Center[]): Promise<void> {
    // Parents before children, so the foreign key holds at every insert.
    const ordered = [...centers].sort(
      (a, b) =>
        ['district', 'town', 'village'].indexOf(a.tier) - ['district', 'town', 'village'].indexOf(b.tier),
    );
    for (const center of ordered) await this.manager.upsert(CenterEntity, center, ['id']);
  }

  /** Next number in the center's yearly sequence; the row lock serialises concurrent registrations. */
  async nextCaseSequence(centerId: string, year: number): Promise<number> {
    const rows: Array<{ last_value: number }> = await this.manager.query(
      `INSERT INTO case_number_sequences (center_id, year, last_value) VALUES ($1, $2, 1)
       ON CONFLICT (center_id, year) DO UPDATE SET last_value = case_number_sequences.last_value + 1
       RETURNING last_value`,
      [centerId, year],
    );
    return rows[0].last_value;
  }

  async insert(dispute: DisputeCase): Promise<void> {
    await this.manager.insert(CaseEntity, {
      id: dispute.id,
      caseNo: dispute.caseNo,
      centerId: dispute.centerId,
      channel: dispute.channel,
      disputeType: dispute.disputeType,
      summary: dispute.summary,
      headcount: dispute.headcount,
      urgency: dispute.urgency,
      status: dispute.status,
      registeredAt: dispute.registeredAt,
      statusChangedAt: dispute.registeredAt,
      closedAt: null,
      closeReason: null,
    });
    await this.manager.insert(
      PartyEntity,
      dispute.parties.map((p, position) => ({ ...p, caseId: dispute.id, position })),
    );
  }

  async find(id: string, options: { lock?: boolean } = {}): Promise<DisputeCase | null> {
    const entity = await this.manager.findOne(CaseEntity, {
      where: { id },
      ...(options.lock ? { lock: { mode: 'pessimistic_write' as const, tables: ['cases'] } } : {}),
    });
    if (!entity) return null;
    entity.parties = await this.manager.find(PartyEntity, { where: { caseId: id } });
    return toCase(entity);
  }

  async list(filter: CaseFilter): Promise<DisputeCase[]> {
    const entities = await this.manager.find(CaseEntity, {
      where: {
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.centerId ? { centerId: filter.centerId } : {}),
      },
      order: { registeredAt: 'DESC' },
      take: filter.limit,
      relations: { parties: true },
    });
    return entities.map(toCase);
  }

  async updateStatus(
    id: string,
    change: { status: CaseStatus; at: Date; closedAt?: Date; closeReason?: string },
  ): Promise<void> {
    await this.manager.update(
      CaseEntity,
      { id },
      {
        status: change.status,
        statusChangedAt: change.at,
        ...(change.closedAt ? { closedAt: change.closedAt, closeReason: change.closeReason ?? null } : {}),
      },
    );
  }
}
