import { Client, type QueryConfig } from 'pg';

/**
 * How many distinct statements a process names. A statement is prepared once per connection,
 * so this bounds what each connection keeps prepared; texts past it (a query built with a
 * varying number of parameters, say) run unnamed, as every statement did before.
 */
export const MOST_NAMED_STATEMENTS = 200;

/** The name each statement text is prepared under, shared by a process's connections. */
export class StatementNames {
  private readonly names = new Map<string, string>();

  constructor(private readonly most = MOST_NAMED_STATEMENTS) {}

  /** The text's name, or undefined once `most` texts have one and this is not among them. */
  nameOf(text: string): string | undefined {
    const known = this.names.get(text);
    if (known !== undefined || this.names.size >= this.most) return known;
    const name = `chuishao_${this.names.size + 1}`;
    this.names.set(text, name);
    return name;
  }
}

const processNames = new StatementNames();

type QueryArguments = [config: unknown, values?: unknown, callback?: unknown];

/**
 * A pg Client that prepares each parameterised statement once per connection (a named
 * statement), so PostgreSQL parses and analyses it once instead of on every call: the services
 * send the same few dozen statements thousands of times. Statements without parameters (BEGIN,
 * COMMIT) keep the simple protocol, one message each. PostgreSQL analyses a prepared statement
 * again by itself when a table it reads changes. Names are the process's, one per text, so a
 * connection never meets one name for two texts.
 */
export class PreparingClient extends Client {
  override query(...args: QueryArguments): never {
    const [config, values, callback] = args;
    const named = namedQuery(config, values);
    const call = super.query as unknown as (...a: unknown[]) => never;
    return named ? call.call(this, named, callback) : call.apply(this, args);
  }
}

/** The query as a named one, when it is a parameterised text the process can still name. */
function namedQuery(config: unknown, values: unknown): QueryConfig | undefined {
  if (typeof config !== 'string' || !Array.isArray(values) || values.length === 0) return undefined;
  const name = processNames.nameOf(config);
  return name === undefined ? undefined : { name, text: config, values };
}
