import type { Center } from './center';

/** Who acts, as far as the center network is concerned. */
export interface CenterPost {
  role: string;
  centerId?: string;
}

/**
 * The centers whose cases a person may see and act on, or `null` for the whole network:
 *  - a clerk: their own center only (the window where they register cases);
 *  - an operator or a supervisor: their center and every center below it (a town's operator
 *    sees the town's villages, not the neighbouring town nor the district above);
 *  - a supervisor without a center (the network's own supervision), a mediator and ops: every
 *    center — mediators work the cases dispatch hands them, ops runs the system.
 * An unknown center is an empty scope, never the whole network.
 */
export function centersInScope(centers: readonly Center[], post: CenterPost): ReadonlySet<string> | null {
  if (post.role === 'clerk') return new Set(post.centerId ? [post.centerId] : []);
  if (post.role !== 'operator' && post.role !== 'supervisor') return null;
  if (!post.centerId) return post.role === 'supervisor' ? null : new Set();
  const children = new Map<string, string[]>();
  for (const center of centers)
    if (center.parentId) children.set(center.parentId, [...(children.get(center.parentId) ?? []), center.id]);
  const scope = new Set<string>();
  const known = new Set(centers.map((c) => c.id));
  const queue = known.has(post.centerId) ? [post.centerId] : [];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (scope.has(id)) continue; // a cycle in the data never loops here
    scope.add(id);
    queue.push(...(children.get(id) ?? []));
  }
  return scope;
}

/** Whether a case registered at `centerId` lies within `scope` (null: the whole network). */
export function inScope(scope: ReadonlySet<string> | null, centerId: string): boolean {
  return scope === null || scope.has(centerId);
}
