import { DEVELOPMENT_SECRET, issueDevelopmentToken, type PersonRole } from '@chuishao/auth';

/**
 * Bearer tokens as the development identity provider issues them (`npm run token`): the services
 * run in the shared-secret mode, so the bench mints its callers' tokens itself.
 */
export function bearer(role: PersonRole, claims: { departmentId?: string; centerId?: string } = {}): string {
  const token = issueDevelopmentToken({
    role,
    subject: `bench-${role}${claims.departmentId ? `-${claims.departmentId}` : ''}`,
    ...claims,
    secret: process.env.AUTH_JWT_SECRET ?? DEVELOPMENT_SECRET,
  });
  return `Bearer ${token}`;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what} answered ${status}: ${body.slice(0, 300)}`);
  }
}

/** One JSON request; throws on anything but 2xx (the bench drives only valid calls). */
export async function call<T>(
  baseUrl: string,
  method: string,
  path: string,
  authorization: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      authorization,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new HttpError(response.status, text, `${method} ${path}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A case as a window clerk registers it: the reference case's shape (SPEC), one per whistle. */
export function benchCase(i: number) {
  return {
    centerId: 'anlizha-village',
    channel: 'petition',
    disputeType: 'road_traffic',
    summary: `Bench case ${i}: a road accident; the family petitions for compensation.`,
    headcount: 1 + (i % 9),
    urgency: 'urgent',
    parties: [
      { role: 'applicant', name: '王某', idNumber: '62070219680505123X', phone: '13909361234' },
      { role: 'respondent', name: '赵某', idNumber: '620702199002021110', phone: '13519361111' },
    ],
  };
}

/** Runs `work` over `items` with at most `concurrency` in flight; resolves when all are done. */
export async function pool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
