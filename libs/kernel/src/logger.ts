import { currentTraceContext, currentTraceIds, type TraceContext } from './trace-context';

/**
 * Structured JSON logs, one object per line. A citizen's ID number or phone must never reach a
 * log: callers are expected to log masked values, and as a second line of defence every string
 * is scrubbed of anything shaped like a PRC resident ID number or a mobile number.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(context: string): Logger;
}

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const RESIDENT_ID = /(?<!\d)\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])\d{2}\d{3}[\dXx](?![\dXx])/g;
/** A country code as people write it: +86, 0086 or 86, maybe followed by a space or a dash. */
const COUNTRY_CODE = String.raw`(?:(?:\+|00)?86[\s-]?)?`;
// 13909361234, +8613909361234, +86 13909361234.
const MOBILE = new RegExp(String.raw`(?<![\d+])${COUNTRY_CODE}1[3-9]\d{9}(?!\d)`, 'g');
// 139 0936 1234, 139-0936-1234, +86 139-0936-1234: stricter edges, so a UUID's digit groups stay.
const MOBILE_GROUPED = new RegExp(
  String.raw`(?<![\w+-])${COUNTRY_CODE}1[3-9]\d([\s-])\d{4}\1\d{4}(?![\w-])`,
  'g',
);

export function redactPersonalData(text: string): string {
  return text
    .replace(RESIDENT_ID, '[id-number]')
    .replace(MOBILE_GROUPED, '[phone]')
    .replace(MOBILE, '[phone]');
}

/** Deeper than this, a value is logged as its redacted JSON text rather than walked. */
const MAX_SCRUB_DEPTH = 5;

/** A subtree too deep to walk is still logged, as text, and still redacted. */
function scrubDeep(value: object): string {
  try {
    return redactPersonalData(JSON.stringify(value) ?? '');
  } catch {
    return '[unserialisable]'; // a cycle: nothing of it is printed
  }
}

function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactPersonalData(value);
  if (value instanceof Error) {
    return {
      name: value.name,
      message: redactPersonalData(value.message),
      stack: value.stack && redactPersonalData(value.stack),
    };
  }
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_SCRUB_DEPTH) return scrubDeep(value);
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, depth + 1)]));
}

export interface JsonLoggerOptions {
  service: string;
  context?: string;
  level?: LogLevel;
  write?: (line: string) => void;
  now?: () => Date;
}

function traceFields(): Record<string, string> {
  const ids = currentTraceIds();
  if (!ids) return {};
  const fields: Record<string, string> = { traceId: ids.traceId, spanId: ids.spanId };
  const context: Partial<TraceContext> = currentTraceContext() ?? {};
  for (const key of ['requestId', 'eventId', 'eventType', 'caseId', 'correlationId'] as const) {
    const value = context[key];
    if (value) fields[key] = value;
  }
  return fields;
}

export class JsonLogger implements Logger {
  private readonly threshold: number;

  constructor(private readonly options: JsonLoggerOptions) {
    const level = options.level ?? ((process.env.LOG_LEVEL as LogLevel | undefined) || 'info');
    this.threshold = LEVELS[level] ?? LEVELS.info;
  }

  debug(message: string, fields?: Record<string, unknown>): void {
    this.log('debug', message, fields);
  }
  info(message: string, fields?: Record<string, unknown>): void {
    this.log('info', message, fields);
  }
  warn(message: string, fields?: Record<string, unknown>): void {
    this.log('warn', message, fields);
  }
  error(message: string, fields?: Record<string, unknown>): void {
    this.log('error', message, fields);
  }

  child(context: string): Logger {
    return new JsonLogger({ ...this.options, context });
  }

  private log(level: LogLevel, message: string, fields?: Record<string, unknown>): void {
    if (LEVELS[level] < this.threshold) return;
    const entry = {
      time: (this.options.now?.() ?? new Date()).toISOString(),
      level,
      service: this.options.service,
      ...(this.options.context ? { context: this.options.context } : {}),
      msg: redactPersonalData(message),
      // The ids of the unit of work (trace, span, request, event, case, correlation) on every line.
      ...traceFields(),
      ...(fields ? (scrub(fields) as Record<string, unknown>) : {}),
    };
    (this.options.write ?? ((line: string) => process.stdout.write(line + '\n')))(JSON.stringify(entry));
  }
}

export const LOGGER = Symbol.for('chuishao.Logger');
