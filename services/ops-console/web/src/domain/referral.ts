/**
 * Where a case may move from its center (issue #19, 小事不出村、大事不出镇): up to the parent
 * center (上报) by the center holding it, or down to a center directly below (交办) by an
 * operator or a supervisor. intake decides; this only offers the choices it would accept.
 */
export interface TreeCenter {
  id: string;
  parentId: string | null;
}

export interface ReferralTarget {
  centerId: string;
  direction: 'up' | 'down';
}

const HAND_DOWN = new Set(['operator', 'supervisor']);
const REFER_UP = new Set(['clerk', 'operator', 'supervisor']);

export function referralTargets(
  centers: readonly TreeCenter[],
  currentCenterId: string,
  role: string,
): ReferralTarget[] {
  const current = centers.find((c) => c.id === currentCenterId);
  if (!current) return [];
  const up: ReferralTarget[] =
    REFER_UP.has(role) && current.parentId ? [{ centerId: current.parentId, direction: 'up' }] : [];
  const down: ReferralTarget[] = HAND_DOWN.has(role)
    ? centers.filter((c) => c.parentId === current.id).map((c) => ({ centerId: c.id, direction: 'down' }))
    : [];
  return [...up, ...down];
}
