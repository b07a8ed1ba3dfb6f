import { router } from '../router';
import { useSession } from '../stores/session';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The fields a 400 names (`errors: [{ field, reason }]` of every service), for the form to point at. */
    readonly fields: ReadonlyArray<{ field: string; reason: string }> = [],
  ) {
    super(message);
  }
}

function fieldsOf(body: Record<string, unknown>): Array<{ field: string; reason: string }> {
  if (!Array.isArray(body.errors)) return [];
  return body.errors
    .filter((e): e is { field: unknown; reason?: unknown } => typeof e === 'object' && e !== null)
    .filter((e) => typeof e.field === 'string')
    .map((e) => ({ field: String(e.field), reason: String(e.reason ?? '') }));
}

/** The service names ops-console forwards (`/api/<service>/…`), plus its own read models. */
export type Service =
  'intake' | 'dispatch' | 'department' | 'sla-timer' | 'mediation' | 'judicial-confirmation' | 'console';

function url(service: Service, path: string): string {
  return service === 'console' ? `/api${path}` : `/api/${service}${path}`;
}

/** An expired or refused token: back to sign-in, then back here (drafts stay in the store). */
function signInAgain(): void {
  useSession().signOut();
  const here = router.currentRoute.value;
  if (here.name !== 'sign-in')
    void router.push({ name: 'sign-in', query: { back: here.fullPath, expired: '1' } });
}

export function headers(extra: Record<string, string> = {}): Record<string, string> {
  const token = useSession().token;
  return { ...(token ? { authorization: `Bearer ${token}` } : {}), ...extra };
}

export async function api<T = Record<string, unknown>>(
  service: Service,
  path: string,
  options: { method?: string; body?: unknown; idempotencyKey?: string } = {},
): Promise<T> {
  const sentWith = useSession().token;
  const response = await fetch(url(service, path), {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers: headers({
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}),
    }),
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  return answered<T>(response, sentWith);
}

/**
 * A file sent as the request's bytes (an evidence upload: the service reads its type from the
 * content); the answer and refusals as for `api`.
 */
export async function uploadFile<T = Record<string, unknown>>(
  service: Service,
  path: string,
  file: Blob,
  idempotencyKey: string,
): Promise<T> {
  const sentWith = useSession().token;
  const response = await fetch(url(service, path), {
    method: 'POST',
    headers: headers({
      'content-type': file.type || 'application/octet-stream',
      'idempotency-key': idempotencyKey,
    }),
    body: file,
  });
  return answered<T>(response, sentWith);
}

async function answered<T>(response: Response, sentWith: string | null): Promise<T> {
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  // Only the token this request carried is refused: a new sign-in since then stays. A request
  // that carried none (sent while the sign-in was still completing) says nothing of a session,
  // so it never reports one as expired.
  if (response.status === 401 && sentWith !== null && useSession().token === sentWith) signInAgain();
  if (!response.ok)
    throw new ApiError(
      response.status,
      String(body.code ?? response.status),
      String(body.message ?? response.statusText),
      fieldsOf(body),
    );
  return body as T;
}

/**
 * A file a service draws (an agreement PDF, a monthly workbook), fetched with the person's token;
 * a refusal is an ApiError as for `api`.
 */
export async function fetchFile(service: Service, path: string): Promise<Blob> {
  const sentWith = useSession().token;
  const response = await fetch(url(service, path), { headers: headers() });
  if (response.status === 401 && sentWith !== null && useSession().token === sentWith) signInAgain();
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    throw new ApiError(
      response.status,
      String(body.code ?? response.status),
      String(body.message ?? response.statusText),
    );
  }
  return response.blob();
}

/** Fetches a file and has the browser save it as `filename` (the download button's action). */
export async function download(service: Service, path: string, filename: string): Promise<void> {
  const href = URL.createObjectURL(await fetchFile(service, path));
  const link = document.createElement('a');
  link.href = href;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(href), 1000);
}

/** A fresh key per user action: a retry of the same action reuses it, a new action never does. */
export function actionKey(action: string): string {
  return `${action}-${crypto.randomUUID()}`;
}
