import type { ReferralDirection } from '@chuishao/contracts';
import type { Center } from './center';

/** Who may move a case in which direction (small matters stay in the village, big ones in the town). */
const MAY_REFER: Readonly<Record<ReferralDirection, readonly string[]>> = {
  /** 上报: the center that holds the case and cannot resolve it, its clerk included. */
  up: ['clerk', 'operator', 'supervisor'],
  /** 交办: a higher center assigns the case to one below it; not a window clerk's act. */
  down: ['operator', 'supervisor'],
};

/**
 * Which way a move from `current` to `target` goes: `up` to its parent center, `down` to a center
 * directly below it, null for any other center (a sibling, a grandparent, itself): a case climbs
 * or descends one tier at a time, so every tier in between has seen it.
 */
export function referralDirection(
  current: Pick<Center, 'id' | 'parentId'>,
  target: Pick<Center, 'id' | 'parentId'>,
): ReferralDirection | null {
  if (current.parentId !== null && target.id === current.parentId) return 'up';
  if (target.parentId === current.id) return 'down';
  return null;
}

/** Whether a person of `role` may move a case in `direction`. */
export function mayRefer(role: string, direction: ReferralDirection): boolean {
  return MAY_REFER[direction].includes(role);
}
