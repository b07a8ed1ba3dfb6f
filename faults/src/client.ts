import { DEVELOPMENT_SECRET, issueDevelopmentToken, type PersonRole } from '@chuishao/auth';

/** One HTTP exchange as the suite saw it: status 0 means no answer (connection refused, timeout). */
export interface Exchange {
  op: string;
  status: number;
  retryAfter: string | null;
  at: number;
  body: unknown;
}

/** Counts every request a scenario sends and how it was answered. */
export class Recorder {
  readonly exchanges: Exchange[] = [];

  get sent(): number {
    return this.exchanges.length;
  }
  get accepted(): number {
    return this.exchanges.filter((e) => e.status >= 200 && e.status < 300).length;
  }
  get refused(): number {
    return this.sent - this.accepted;
  }
  /** Answers that are bugs whatever the fault: a 5xx other than 503. */
  serverErrors(): Exchange[] {
    return this.exchanges.filter((e) => e.status >= 500 && e.status !== 503);
  }
  between(from: number, to: number): Exchange[] {
    return this.exchanges.filter((e) => e.at >= from && e.at <= to);
  }
}

export interface Caller {
  role: PersonRole;
  subject: string;
  departmentId?: string;
  centerId?: string;
}

const tokens = new Map<string, string>();

/** A development token (HS256, the services' default secret), cached per caller for the run. */
export function bearer(caller: Caller): string {
  const key = JSON.stringify(caller);
  let token = tokens.get(key);
  if (!token) {
    token = issueDevelopmentToken({
      ...caller,
      secret: process.env.AUTH_JWT_SECRET ?? DEVELOPMENT_SECRET,
      expiresInSeconds: 6 * 3600,
    });
    tokens.set(key, token);
  }
  return `Bearer ${token}`;
}

export const CLERK: Caller = { role: 'clerk', subject: 'faults-clerk', centerId: 'anlizha-village' };
export const OPERATOR: Caller = {
  role: 'operator',
  subject: 'faults-operator',
  centerId: 'ganzhou-district',
};
export const OPS: Caller = { role: 'ops', subject: 'faults-ops' };
export const liaison = (departmentId: string): Caller => ({
  role: 'liaison',
  subject: `faults-liaison-${departmentId}`,
  departmentId,
});

/** Sends one request, records it, and never throws: a refused connection is status 0. */
export async function call(
  recorder: Recorder | null,
  op: string,
  url: string,
  options: {
    method?: string;
    caller?: Caller;
    body?: unknown;
    idempotencyKey?: string;
    timeoutMs?: number;
  } = {},
): Promise<Exchange> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.caller) headers.authorization = bearer(options.caller);
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  let exchange: Exchange;
  const at = Date.now();
  try {
    const response = await fetch(url, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = text;
    }
    exchange = { op, status: response.status, retryAfter: response.headers.get('retry-after'), at, body };
  } catch (error) {
    exchange = { op, status: 0, retryAfter: null, at, body: String(error) };
  }
  recorder?.exchanges.push(exchange);
  return exchange;
}

export const is2xx = (e: Exchange) => e.status >= 200 && e.status < 300;
