import { Injectable } from '@nestjs/common';
import { TransactionHost, typedSql } from '@chuishao/persistence';

/**
 * A service's typed query builder (libs/persistence's `typedSql`) over its schema `DB`, running in
 * the ambient transaction (TransactionHost). A service's `XxxSql` in its schema.ts extends it,
 * `@Injectable() export class DispatchSql extends ServiceSql<DispatchDatabase> {}`, and inherits
 * the constructor Nest injects.
 */
@Injectable()
export class ServiceSql<DB> {
  readonly db: ReturnType<typeof typedSql<DB>>;
  constructor(readonly transactions: TransactionHost) {
    this.db = typedSql<DB>(transactions);
  }
}
