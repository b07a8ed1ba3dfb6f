/** Adds a value to the statement's parameters and answers its placeholder (`$3`, `$3::jsonb`). */
export type Param = (value: unknown, cast?: string) => string;

/**
 * Writes as the common expressions of ONE statement (`WITH w0 AS (INSERT …), w1 AS (…) SELECT 1`),
 * numbering the parameters of all of them: what several collectors of a transaction write
 * (TransactionHost.collectIntoStatement) goes to the database in one round trip, and a consumer's
 * inbox rows can join them. PostgreSQL runs every data-modifying expression to completion, read
 * or not, all on one snapshot, so no two of them may change the same row: each collector folds
 * what its items say of a row into one write.
 */
export class CteStatement {
  private readonly parts: string[] = [];
  readonly parameters: unknown[] = [];

  /** Adds a data-modifying expression (`INSERT …`, `UPDATE …`), its values through `param`. */
  add(write: (param: Param) => string): void {
    const param: Param = (value, cast = '') => {
      this.parameters.push(value);
      return `$${this.parameters.length}${cast}`;
    };
    this.parts.push(`w${this.parts.length} AS (${write(param)})`);
  }

  get isEmpty(): boolean {
    return this.parts.length === 0;
  }

  get sql(): string {
    return `WITH ${this.parts.join(',\n')}\nSELECT 1`;
  }
}
