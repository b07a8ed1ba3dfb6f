import type { z } from 'zod';

/** The environment as a service reads it: process.env, or a test's literal. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Every bad variable at once, by name: a deployer fixes them in one pass, not one per restart. */
export class SettingsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`settings refused: ${problems.join('; ')}`);
    this.name = 'SettingsError';
  }
}

/** "NAME must be …" when the problem is a predicate; as written when it names the variable itself. */
function describeProblem(issue: z.core.$ZodIssue): string {
  const name = issue.path.map(String).join('.');
  if (!name || new RegExp(`\\b${name}\\b`).test(issue.message)) return issue.message;
  return `${name} ${issue.message}`;
}

/**
 * A service's settings from its one schema (a z.object of its variables, refinements across
 * them, a transform to the shape the code uses); throws a SettingsError listing every refusal.
 */
export function loadSettings<S extends z.ZodType>(schema: S, env: Environment): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new SettingsError(result.error.issues.map(describeProblem));
}

/**
 * For a refinement across variables: run it whenever the variables it reads parsed, even if
 * others did not, so one start lists every problem (zod skips refinements after any issue).
 */
export function whenValid(...names: readonly string[]): { when: (payload: z.core.ParsePayload) => boolean } {
  return { when: (payload) => !payload.issues.some((issue) => names.includes(String(issue.path?.[0]))) };
}

/**
 * Several loaders' results at once (a platform's database, messaging, auth…): each runs even
 * when another refused, and one SettingsError lists every refusal of them all.
 */
export function loadAll<T extends Record<string, () => unknown>>(
  loaders: T,
): { [K in keyof T]: ReturnType<T[K]> } {
  const loaded: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, load] of Object.entries(loaders)) {
    try {
      loaded[name] = load();
    } catch (error) {
      if (error instanceof SettingsError) problems.push(...error.problems);
      else problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (problems.length > 0) throw new SettingsError([...new Set(problems)]);
  return loaded as { [K in keyof T]: ReturnType<T[K]> };
}

/** The variables a settings schema reads: the keys of the object under its refinements and transform. */
export function settingsVariables(schema: z.ZodType): string[] {
  let current: unknown = schema;
  while (current && typeof current === 'object') {
    const def = (current as { _zod: { def: { shape?: object; in?: unknown } } })._zod.def;
    if (def.shape) return Object.keys(def.shape);
    current = def.in;
  }
  return [];
}

/**
 * For a README's settings table: the schema's variables it never names in code (`NAME`, `NAME=…`
 * or `$NAME`), leaving out `shared` ones documented elsewhere (the root README's).
 */
export function undocumentedVariables(
  schema: z.ZodType,
  readme: string,
  shared: readonly string[] = [],
): string[] {
  return settingsVariables(schema).filter(
    (name) => !shared.includes(name) && !new RegExp(`\`\\$?${name}\\b`).test(readme),
  );
}
