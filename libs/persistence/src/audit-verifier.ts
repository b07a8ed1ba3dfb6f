import { assertSchemaName } from './database-config';
import { auditRowHash, canonicalAuditRowSql, GENESIS_HASH } from './audit-chain';

/** What runs a query: a pg Client, a pg Pool or a TypeORM DataSource all fit. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

export interface AuditChainBreak {
  /** The first row whose link or hash does not hold. */
  id: string;
  code: 'AUDIT_ROW_ALTERED' | 'AUDIT_ROW_MISSING_BEFORE';
  reason: string;
}

export interface AuditChainReport {
  schema: string;
  rowsChecked: number;
  broken?: AuditChainBreak;
}

interface ChainRow {
  id: string;
  prev_hash: string;
  row_hash: string;
  canonical: string;
}

const BATCH = 2000;

/** The first break in one link: the row names the wrong predecessor, or its content changed. */
export function checkLink(
  previousHash: string,
  previousId: string | null,
  row: ChainRow,
): AuditChainBreak | undefined {
  if (row.prev_hash !== previousHash) {
    const after = previousId === null ? 'the start of the log' : `row ${previousId}`;
    return {
      id: row.id,
      code: 'AUDIT_ROW_MISSING_BEFORE',
      reason: `row ${row.id} does not follow ${after}: a row between them was removed, or ${after} was altered`,
    };
  }
  if (auditRowHash(row.prev_hash, row.canonical) !== row.row_hash) {
    return {
      id: row.id,
      code: 'AUDIT_ROW_ALTERED',
      reason: `row ${row.id} was altered after it was written`,
    };
  }
  return undefined;
}

/**
 * Walks a schema's audit_log in id order, in batches, recomputing every hash; stops at the first
 * break. Removing the newest rows leaves no successor to notice: the chain proves the history up
 * to its last row, and an operator compares that row (reported) with an earlier verification.
 */
export async function verifyAuditChain(db: Queryable, schemaName: string): Promise<AuditChainReport> {
  const schema = assertSchemaName(schemaName);
  let previousHash = GENESIS_HASH;
  let previousId: string | null = null;
  let rowsChecked = 0;
  for (;;) {
    const rows = (await db.query(
      `SELECT a.id::text AS id, a.prev_hash, a.row_hash, ${canonicalAuditRowSql('a')} AS canonical
         FROM "${schema}".audit_log a WHERE a.id > $1 ORDER BY a.id LIMIT ${BATCH}`,
      [previousId ?? '0'],
    )) as ChainRow[];
    for (const row of rows) {
      const broken = checkLink(previousHash, previousId, row);
      if (broken) return { schema, rowsChecked, broken };
      previousHash = row.row_hash;
      previousId = row.id;
      rowsChecked++;
    }
    if (rows.length < BATCH) return { schema, rowsChecked };
  }
}
