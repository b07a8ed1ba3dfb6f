import { z } from 'zod';

/**
 * Schemas for single environment variables. Every one treats an unset variable and a blank one
 * alike (the default), so a compose file's `NAME=` means "not set"; every refusal is a predicate
 * ("must be …, got …") that loadSettings prefixes with the variable's name.
 */

const REFUSAL = Symbol('refusal');

interface Refusal {
  readonly [REFUSAL]: string;
}

/** What a parser answers for a value it will not take: why, as "must be …, got …". */
export const refuse = (why: string): Refusal => ({ [REFUSAL]: why });

const isRefusal = (value: unknown): value is Refusal =>
  typeof value === 'object' && value !== null && REFUSAL in value;

/** A variable read by `parse` (given the trimmed text), or `fallback` when unset or blank. */
export function envValue<T>(fallback: T, parse: (text: string) => T | Refusal) {
  return z
    .string()
    .optional()
    .transform((raw, ctx): T => {
      const text = raw?.trim();
      if (!text) return fallback;
      const parsed = parse(text);
      if (!isRefusal(parsed)) return parsed;
      ctx.addIssue({ code: 'custom', message: parsed[REFUSAL], input: raw });
      return z.NEVER;
    });
}

/** A whole number ≥ 0 (a delay that may be none). */
export const wholeNumber = (fallback: number) =>
  envValue(fallback, (text) => {
    const value = Number(text);
    return Number.isInteger(value) && value >= 0 ? value : refuse(`must be a whole number ≥ 0, got ${text}`);
  });

const positiveWhole = (text: string) => {
  const value = Number(text);
  return Number.isInteger(value) && value > 0
    ? value
    : refuse(`must be a positive whole number, got ${text}`);
};

/** A whole number > 0 (a count, an interval, a budget). */
export const positiveWholeNumber = (fallback: number) => envValue(fallback, positiveWhole);

/** A whole number > 0, or undefined when unset (one of two variables where either may decide). */
export const optionalPositiveWholeNumber = () => envValue<number | undefined>(undefined, positiveWhole);

/** A TCP port, 0 (any free one) to 65535; `fallback` undefined when another variable may decide. */
export const portNumber = <F extends number | undefined>(fallback: F) =>
  envValue<number | F>(fallback, (text) => {
    const value = Number(text);
    return Number.isInteger(value) && value >= 0 && value <= 65535
      ? value
      : refuse(`must be a port number, got ${text}`);
  });

/** A number > 0, fractions allowed (hours, minutes). */
export const positiveNumber = (fallback: number) =>
  envValue(fallback, (text) => {
    const value = Number(text);
    return Number.isFinite(value) && value > 0 ? value : refuse(`must be a positive number, got ${text}`);
  });

/** An on/off switch: true or false (1 or 0); anything else is a typo to stop on, not to guess at. */
export const onOffSwitch = (fallback: boolean) =>
  envValue(fallback, (text) => {
    const value = text.toLowerCase();
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    return refuse(`must be true or false, got ${text}`);
  });

/** Free text with a default. */
export const text = (fallback: string) => envValue(fallback, (value) => value);

/** Free text, or null when unset. */
export const optionalText = () => envValue<string | null>(null, (value) => value);

/** One of a fixed set of words. */
export const oneOf = <const T extends string>(values: readonly T[], fallback: T) =>
  envValue<T>(fallback, (value) =>
    values.includes(value as T) ? (value as T) : refuse(`must be one of ${values.join(', ')}, got ${value}`),
  );

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, '');

/** An absolute URL, without a trailing slash (paths are appended to it). */
export const url = (fallback: string) =>
  envValue(withoutTrailingSlash(fallback), (value) =>
    URL.canParse(value) ? withoutTrailingSlash(value) : refuse(`must be a URL, got ${value}`),
  );

/** An absolute URL without a trailing slash, or null when unset. */
export const optionalUrl = () =>
  envValue<string | null>(null, (value) =>
    URL.canParse(value) ? withoutTrailingSlash(value) : refuse(`must be a URL, got ${value}`),
  );

/** An absolute URL exactly as given (an endpoint, not a base), or null when unset. */
export const optionalEndpoint = () =>
  envValue<string | null>(null, (value) =>
    URL.canParse(value) ? value : refuse(`must be a URL, got ${value}`),
  );

/** Whether `source` compiles as a JavaScript regular expression. */
export function isRegExpSource(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

/**
 * A regular expression's source, compiled once here so a bad one stops the start, not a request.
 * Unlike the others, set-but-empty is a value, not the default: the empty pattern, which matches
 * nothing (a switched-off rule).
 */
export const regularExpression = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((raw, ctx): string => {
      if (raw === undefined) return fallback;
      if (isRegExpSource(raw)) return raw;
      ctx.addIssue({ code: 'custom', message: `must be a valid regular expression, got ${raw}`, input: raw });
      return z.NEVER;
    });

/** A JSON object whose values `entry` accepts; `{}` when unset. */
export function jsonObject<T>(entry: z.ZodType<T>, shape = 'a JSON object') {
  return envValue<Record<string, T>>({}, (value) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch (error) {
      return refuse(`must be ${shape}: ${String(error)}`);
    }
    const checked = z.record(z.string(), entry).safeParse(parsed);
    if (checked.success) return checked.data;
    const problem = checked.error.issues[0];
    return refuse(`must be ${shape}; at ${problem.path.join('.') || 'the top'}: ${problem.message}`);
  });
}

/** A secret taken exactly as given (no trimming: it is key material), or undefined when unset. */
export const secretValue = () =>
  z
    .string()
    .optional()
    .transform((raw) => raw || undefined);
