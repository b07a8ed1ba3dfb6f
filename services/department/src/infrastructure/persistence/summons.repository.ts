import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@chuishao/persistence';
import type { EntityManager } from 'typeorm';
import type { Summons, SummonsStatus } from '../../domain/summons';
import { SummonsEntity } from './entities';

function toSummons(e: SummonsEntity): Summons {
  return {
    id: e.id,
    whistleId: e.whistleId,
    caseId: e.caseId,
    caseNo: e.caseNo,
    departmentId: e.departmentId,
    centerId: e.centerId,
    status: e.status as SummonsStatus,
    arrivalDeadline: e.arrivalDeadline,
    notifiedAt: e.notifiedAt,
    acknowledgedAt: e.acknowledgedAt,
    arrivedAt: e.arrivedAt,
    arrivalNote: e.arrivalNote,
    declinedAt: e.declinedAt,
    declineReason: e.declineReason,
  };
}

export interface SummonsFilter {
  departmentId: string;
  status?: SummonsStatus;
  limit: number;
}

/** Summons rows; always through the ambient transaction, so a use case's lock and writes share it. */
@Injectable()
export class SummonsRepository {
  constructor(private readonly transactions: TransactionHost) {}

  private get manager(): EntityManager {
    return this.transactions.manager;
  }

  /** With `lock`, holds the row (FOR UPDATE) until the transaction ends: one transition at a time. */
  async find(id: string, options: { lock?: boolean } = {}): Promise<Summons | null> {
    const entity = await this.manager.findOne(SummonsEntity, {
      where: { id },
      ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    return entity ? toSummons(entity) : null;
  }

  /** A department's inbox, newest first. */
  async list(filter: SummonsFilter): Promise<Summons[]> {
    const entities = await this.manager.find(SummonsEntity, {
      where: { departmentId: filter.departmentId, ...(filter.status ? { status: filter.status } : {}) },
      order: { notifiedAt: 'DESC', id: 'DESC' },
      take: filter.limit,
    });
    return entities.map(toSummons);
  }

  /** The center of a whistle, from any summons of it already received (a reassignment does not carry it). */
  async centerOfWhistle(whistleId: string): Promise<string | null> {
    const entity = await this.manager.findOne(SummonsEntity, {
      select: { id: true, centerId: true },
      where: { whistleId },
      order: { notifiedAt: 'ASC' },
    });
    return entity?.centerId ?? null;
  }

  /**
   * Inserts the summons not stored yet and answers which were new. A summons id already present
   * (the same summons published again under another event id) is left as it is.
   */
  async insertNew(summons: readonly Summons[]): Promise<Summons[]> {
    const inserted: Summons[] = [];
    for (const one of summons) {
      const result = await this.manager
        .createQueryBuilder()
        .insert()
        .into(SummonsEntity)
        .values({ ...one })
        .orIgnore()
        .returning(['id'])
        .execute();
      if (result.raw.length > 0) inserted.push(one);
    }
    return inserted;
  }

  async save(summons: Summons): Promise<void> {
    await this.manager.update(
      SummonsEntity,
      { id: summons.id },
      {
        status: summons.status,
        acknowledgedAt: summons.acknowledgedAt,
        arrivedAt: summons.arrivedAt,
        arrivalNote: summons.arrivalNote,
        declinedAt: summons.declinedAt,
        declineReason: summons.declineReason,
      },
    );
  }
}
