import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@chuishao/persistence';
import { ArrayOverlap, type EntityManager, type FindOptionsWhere } from 'typeorm';
import type { Department, DepartmentFilter } from '../../domain/department';
import { DepartmentEntity } from './entities';

function toDepartment(e: DepartmentEntity): Department {
  return { id: e.id, kind: e.kind, name: e.name, nameZh: e.nameZh, centerIds: [...e.centerIds] };
}

/** The department directory: who can be summoned, and which centers each serves. */
@Injectable()
export class DepartmentRepository {
  constructor(private readonly transactions: TransactionHost) {}

  private get manager(): EntityManager {
    return this.transactions.manager;
  }

  async list(filter: DepartmentFilter = {}): Promise<Department[]> {
    const where: FindOptionsWhere<DepartmentEntity> = {
      ...(filter.kind ? { kind: filter.kind } : {}),
      ...(filter.centerIds ? { centerIds: ArrayOverlap([...filter.centerIds]) } : {}),
    };
    return (await this.manager.find(DepartmentEntity, { where, order: { id: 'ASC' } })).map(toDepartment);
  }

  async find(id: string): Promise<Department | null> {
    const entity = await this.manager.findOne(DepartmentEntity, { where: { id } });
    return entity ? toDepartment(entity) : null;
  }

  async upsert(departments: readonly Department[]): Promise<void> {
    for (const department of departments)
      await this.manager.upsert(DepartmentEntity, { ...department }, ['id']);
  }
}
