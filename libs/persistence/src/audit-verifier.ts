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
  chain: number;
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
    const after = previousId === null ? 'the start of its chain' : `row ${previousId}`;
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
 * Walks a schema's audit_log in id order, in batches, recomputing every hash and checking each row
 * against the row before it in its own chain (AuditLogChains); stops at the first break. Removing
 * the newest rows of a chain leaves no successor to notice: the chains prove the history up to
 * their last rows, and an operator compares the count (reported) with an earlier verification.
 */
export async function verifyAuditChain(db: Queryable, schemaName: string): Promise<AuditChainReport> {
  const schema = assertSchemaName(schemaName);
  const tails = new Map<number, { hash: string; id: string }>();
  let lastId = '0';
  let rowsChecked = 0;
  for (;;) {
    const rows = (await db.query(
      `SELECT a.id::text AS id, a.chain, a.prev_hash, a.row_hash, ${canonicalAuditRowSql('a')} AS canonical
         FROM "${schema}".audit_log a WHERE a.id > $1 ORDER BY a.id LIMIT ${BATCH}`,
      [lastId],
    )) as ChainRow[];
    for (const row of rows) {
      const tail = tails.get(row.chain);
      const broken = checkLink(tail?.hash ?? GENESIS_HASH, tail?.id ?? null, row);
      if (broken) return { schema, rowsChecked, broken };
      tails.set(row.chain, { hash: row.row_hash, id: row.id });
      lastId = row.id;
      rowsChecked++;
    }
    if (rows.length < BATCH) return { schema, rowsChecked };
  }
}
