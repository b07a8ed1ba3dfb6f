import { Inject, Injectable } from '@nestjs/common';
import { UnavailableError, type Clock, CLOCK } from '@chuishao/kernel';
import type { DirectoryDepartment } from '../../domain/routing';
import { SERVICE_TOKEN_SOURCE, type ServiceTokenSource } from './service-token';

export const DEPARTMENT_DIRECTORY_URL = Symbol.for('chuishao.dispatch.DepartmentDirectoryUrl');

const unavailable = (message: string) => new UnavailableError('DEPARTMENT_DIRECTORY_UNAVAILABLE', message);

function isDirectoryDepartment(value: unknown): value is DirectoryDepartment {
  const d = value as Partial<DirectoryDepartment> | null;
  return (
    typeof d === 'object' &&
    d !== null &&
    typeof d.id === 'string' &&
    typeof d.kind === 'string' &&
    typeof d.name === 'string' &&
    Array.isArray(d.centerIds) &&
    d.centerIds.every((c) => typeof c === 'string')
  );
}

/**
 * The department service's public directory (GET /departments), read over HTTP with dispatch's
 * service token and cached briefly: whistles are blown by people, a few a minute, and the
 * directory changes rarely. When the department service cannot answer, or refuses the token,
 * blowing a whistle fails with 503 and Retry-After rather than summoning from a stale guess.
 */
@Injectable()
export class DepartmentDirectory {
  private cache: { at: number; departments: DirectoryDepartment[] } | null = null;
  private readonly ttlMs = 30_000;

  constructor(
    @Inject(DEPARTMENT_DIRECTORY_URL) private readonly baseUrl: string,
    @Inject(SERVICE_TOKEN_SOURCE) private readonly serviceToken: ServiceTokenSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Drops the cached copy, so the next read asks the department service (e.g. after an edit). */
  invalidate(): void {
    this.cache = null;
  }

  async departments(): Promise<DirectoryDepartment[]> {
    const now = this.clock.now().getTime();
    if (this.cache && now - this.cache.at < this.ttlMs) return this.cache.departments;
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/departments`, {
        headers: { authorization: `Bearer ${this.serviceToken.token()}`, accept: 'application/json' },
        signal: AbortSignal.timeout(3000),
      });
    } catch (error) {
      throw unavailable(
        `the department directory did not answer: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (response.status === 401 || response.status === 403) {
      this.serviceToken.invalidate();
      const body = (await response.json().catch(() => null)) as { code?: unknown } | null;
      const code = typeof body?.code === 'string' && /^[A-Z_]{1,60}$/.test(body.code) ? ` ${body.code}` : '';
      throw unavailable(
        `the department directory answered ${response.status}${code}: dispatch's service token was refused (` +
          (this.serviceToken.kind === 'configured'
            ? 'check DEPARTMENT_DIRECTORY_TOKEN)'
            : 'dispatch and the department service must share AUTH_JWT_SECRET, AUTH_ISSUER and AUTH_AUDIENCE)'),
      );
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw unavailable(`the department directory answered ${response.status}`);
    }
    let items: unknown;
    try {
      items = ((await response.json()) as { items?: unknown } | null)?.items;
    } catch {
      items = undefined;
    }
    if (!Array.isArray(items) || !items.every(isDirectoryDepartment)) {
      throw unavailable('the department directory answered with a body that is not a list of departments');
    }
    this.cache = { at: now, departments: items };
    return items;
  }
}
