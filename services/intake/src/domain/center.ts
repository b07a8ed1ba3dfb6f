import type { CenterTier } from '@chuishao/contracts';

/** A comprehensive governance center (综治中心) at one tier of the network. */
export interface Center {
  id: string;
  code: string;
  name: string;
  nameZh: string;
  tier: CenterTier;
  parentId: string | null;
}

/** The chain from the top of the network down to `centerId` (district → town → village). */
export function centerPath(centers: ReadonlyMap<string, Center>, centerId: string): string[] {
  const path: string[] = [];
  let current = centers.get(centerId);
  const seen = new Set<string>();
  while (current) {
    if (seen.has(current.id)) throw new Error(`center hierarchy has a cycle at ${current.id}`);
    seen.add(current.id);
    path.unshift(current.id);
    current = current.parentId ? centers.get(current.parentId) : undefined;
  }
  return path;
}
