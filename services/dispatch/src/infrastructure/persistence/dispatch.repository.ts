import { Injectable } from '@nestjs/common';
import type { DisputeType, Urgency } from '@chuishao/contracts';
import { TransactionHost } from '@chuishao/persistence';
import { In, type EntityManager } from 'typeorm';
import type { RoutingRule } from '../../domain/routing';
import type { Summons, SummonsStatus, Whistle, WhistleStatus } from '../../domain/whistle';
import { KnownCaseEntity, RoutingRuleEntity, WhistleEntity, WhistleSummonsEntity } from './entities';

export interface KnownCase {
  caseId: string;
  caseNo: string;
  centerId: string;
  centerPath: string[];
  disputeType: DisputeType;
  urgency: Urgency;
  closed: boolean;
}

function toSummons(e: WhistleSummonsEntity): Summons {
  return {
    id: e.id,
    departmentId: e.departmentId,
    departmentName: e.departmentName,
    departmentKind: e.departmentKind,
    status: e.status as SummonsStatus,
    arrivalDeadline: e.arrivalDeadline,
    acknowledgedAt: e.acknowledgedAt,
    arrivedAt: e.arrivedAt,
    declinedAt: e.declinedAt,
    declineReason: e.declineReason,
    replacedBySummonsId: e.replacedBySummonsId,
  };
}

function toWhistle(e: WhistleEntity, summons: WhistleSummonsEntity[]): Whistle {
  return {
    id: e.id,
    caseId: e.caseId,
    caseNo: e.caseNo,
    centerId: e.centerId,
    status: e.status as WhistleStatus,
    reason: e.reason,
    slaSeconds: e.slaSeconds,
    blownAt: e.blownAt,
    arrivalDeadline: e.arrivalDeadline,
    completedAt: e.completedAt,
    summons: summons.sort((a, b) => a.position - b.position).map(toSummons),
  };
}

@Injectable()
export class DispatchRepository {
  constructor(private readonly transactions: TransactionHost) {}

  private get manager(): EntityManager {
    return this.transactions.manager;
  }

  async upsertKnownCase(known: KnownCase): Promise<void> {
    await this.manager.upsert(KnownCaseEntity, known, ['caseId']);
  }

  async markCaseClosed(caseId: string): Promise<boolean> {
    const result = await this.manager.update(KnownCaseEntity, { caseId }, { closed: true });
    return (result.affected ?? 0) > 0;
  }

  async findKnownCase(caseId: string, options: { lock?: boolean } = {}): Promise<KnownCase | null> {
    const entity = await this.manager.findOne(KnownCaseEntity, {
      where: { caseId },
      ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    return entity
      ? { ...entity, disputeType: entity.disputeType as DisputeType, urgency: entity.urgency as Urgency }
      : null;
  }

  async routingRules(): Promise<RoutingRule[]> {
    const rows = await this.manager.find(RoutingRuleEntity, { order: { disputeType: 'ASC' } });
    return rows.map((r) => ({
      disputeType: r.disputeType as DisputeType,
      departmentKinds: r.departmentKinds,
    }));
  }

  async routingRule(disputeType: string): Promise<RoutingRule | null> {
    const row = await this.manager.findOne(RoutingRuleEntity, { where: { disputeType } });
    return row ? { disputeType: row.disputeType as DisputeType, departmentKinds: row.departmentKinds } : null;
  }

  async saveRoutingRule(rule: RoutingRule, at: Date): Promise<void> {
    await this.manager.upsert(RoutingRuleEntity, { ...rule, updatedAt: at }, ['disputeType']);
  }

  /** Seeds rules for dispute types that have none; an operator's edit is never overwritten. */
  async insertMissingRoutingRules(rules: RoutingRule[], at: Date): Promise<number> {
    let inserted = 0;
    for (const rule of rules) {
      const result = await this.manager
        .createQueryBuilder()
        .insert()
        .into(RoutingRuleEntity)
        .values({ ...rule, updatedAt: at })
        .orIgnore()
        .execute();
      inserted += result.identifiers.filter(Boolean).length;
    }
    return inserted;
  }

  async findWhistle(id: string, options: { lock?: boolean } = {}): Promise<Whistle | null> {
    const entity = await this.manager.findOne(WhistleEntity, {
      where: { id },
      ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!entity) return null;
    return toWhistle(entity, await this.manager.find(WhistleSummonsEntity, { where: { whistleId: id } }));
  }

  async whistlesOfCase(caseId: string): Promise<Whistle[]> {
    const entities = await this.manager.find(WhistleEntity, {
      where: { caseId },
      order: { blownAt: 'DESC' },
    });
    return this.withSummons(entities);
  }

  async listWhistles(filter: { status?: WhistleStatus; limit: number }): Promise<Whistle[]> {
    const entities = await this.manager.find(WhistleEntity, {
      where: filter.status ? { status: filter.status } : {},
      order: { blownAt: 'DESC' },
      take: filter.limit,
    });
    return this.withSummons(entities);
  }

  async hasOpenWhistle(caseId: string): Promise<boolean> {
    return (await this.manager.count(WhistleEntity, { where: { caseId, status: 'open' } })) > 0;
  }

  async insertWhistle(whistle: Whistle): Promise<void> {
    const { summons, ...row } = whistle;
    await this.manager.insert(WhistleEntity, row);
    await this.manager.insert(
      WhistleSummonsEntity,
      summons.map((s, position) => ({ ...s, whistleId: whistle.id, position })),
    );
  }

  /** Writes the whistle's current state: its row and every summons (new ones appended). */
  async saveWhistle(whistle: Whistle): Promise<void> {
    const { summons, ...row } = whistle;
    await this.manager.update(
      WhistleEntity,
      { id: whistle.id },
      { status: row.status, completedAt: row.completedAt },
    );
    await this.manager.upsert(
      WhistleSummonsEntity,
      summons.map((s, position) => ({ ...s, whistleId: whistle.id, position })),
      ['id'],
    );
  }

  private async withSummons(entities: WhistleEntity[]): Promise<Whistle[]> {
    if (entities.length === 0) return [];
    const summons = await this.manager.find(WhistleSummonsEntity, {
      where: { whistleId: In(entities.map((e) => e.id)) },
    });
    return entities.map((e) =>
      toWhistle(
        e,
        summons.filter((s) => s.whistleId === e.id),
      ),
    );
  }
}
