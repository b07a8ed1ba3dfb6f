import { Inject, Injectable } from '@nestjs/common';
import { UnavailableError, type Clock, CLOCK } from '@chuishao/kernel';
import type { DirectoryDepartment } from '../../domain/routing';

export const DEPARTMENT_DIRECTORY_URL = Symbol.for('chuishao.dispatch.DepartmentDirectoryUrl');

/**
 * The department service's public directory (GET /departments), read over HTTP and cached
 * briefly: whistles are blown by people, a few a minute, and the directory changes rarely. When
 * the department service cannot answer, blowing a whistle fails with 503 and Retry-After rather
 * than summoning from a stale guess.
 */
@Injectable()
export class DepartmentDirectory {
  private cache: { at: number; departments: DirectoryDepartment[] } | null = null;
  private readonly ttlMs = 30_000;

  constructor(
    @Inject(DEPARTMENT_DIRECTORY_URL) private readonly baseUrl: string,
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
      response = await fetch(`${this.baseUrl}/departments`, { signal: AbortSignal.timeout(3000) });
    } catch (error) {
      throw new UnavailableError(
        'DEPARTMENT_DIRECTORY_UNAVAILABLE',
        `the department directory did not answer: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (!response.ok) {
      throw new UnavailableError(
        'DEPARTMENT_DIRECTORY_UNAVAILABLE',
        `the department directory answered ${response.status}`,
      );
    }
    const body = (await response.json()) as { items: DirectoryDepartment[] };
    this.cache = { at: now, departments: body.items };
    return body.items;
  }
}
