/**
 * A row's columns are snake_case, a domain object's fields camelCase, and most of a repository's
 * row mapping is only that renaming, field by field. These helpers rename, and the compiler checks
 * that the two sides hold the same names, no more and no fewer: a column the domain does not know
 * (or a field no column keeps) is a type error, not a silent extra key in an INSERT or a view.
 */
type CamelOf<S extends string> = S extends `${infer H}_${infer T}` ? `${H}${Capitalize<CamelOf<T>>}` : S;
type SnakeOf<S extends string> = S extends `${infer H}${infer T}`
  ? `${H extends Lowercase<H> ? H : `_${Lowercase<H>}`}${SnakeOf<T>}`
  : S;

/** `T` with its keys in camelCase. */
export type CamelRow<T> = { [K in keyof T as K extends string ? CamelOf<K> : never]: T[K] };
/** `T` with its keys in snake_case. */
export type SnakeRow<T> = { [K in keyof T as K extends string ? SnakeOf<K> : never]: T[K] };

type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];

/**
 * `Target` when `T` has no key `Target` lacks, every key it requires, and fits it; otherwise a
 * type that names what is wrong (and is no `Target`).
 */
type Exactly<T, Target> = [Exclude<keyof T, keyof Target>] extends [never]
  ? [Exclude<RequiredKeys<Target>, keyof T>] extends [never]
    ? T extends Target
      ? Target
      : { notAssignable: T }
    : { missing: Exclude<RequiredKeys<Target>, keyof T> }
  : { extra: Exclude<keyof T, keyof Target> };

const camelKey = (key: string) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const snakeKey = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function renamed(value: object, rename: (key: string) => string): unknown {
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [rename(key), v]));
}

/**
 * The reader of `Domain` objects from rows checked by `schema` (a zod object of the columns):
 * parse, then rename the columns to camelCase. `rowReader<Summons>()(summonsRow)`.
 */
export function rowReader<Domain>() {
  return <T extends object>(schema: { parse(row: unknown): T }) =>
    (row: unknown): Exactly<CamelRow<T>, Domain> =>
      renamed(schema.parse(row), camelKey) as Exactly<CamelRow<T>, Domain>;
}

/** The writer of `Row`s (a schema.ts table type) from domain objects: fields renamed to snake_case. */
export function rowWriter<Row>() {
  return <T extends object>(value: T): Exactly<SnakeRow<T>, Row> =>
    renamed(value, snakeKey) as Exactly<SnakeRow<T>, Row>;
}
