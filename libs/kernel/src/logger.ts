import { currentTraceContext } from './trace-context';

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
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;

export function redactPersonalData(text: string): string {
  return text.replace(RESIDENT_ID, '[id-number]').replace(MOBILE, '[phone]');
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
  if (depth > 5 || value === null || typeof value !== 'object') return value;
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
  const context = currentTraceContext();
  if (!context) return {};
  const fields: Record<string, string> = { traceId: context.traceId };
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
      // The ids of the unit of work (trace, request, event, case, correlation) on every line.
      ...traceFields(),
      ...(fields ? (scrub(fields) as Record<string, unknown>) : {}),
    };
    (this.options.write ?? ((line: string) => process.stdout.write(line + '\n')))(JSON.stringify(entry));
  }
}

export const LOGGER = Symbol.for('chuishao.Logger');
