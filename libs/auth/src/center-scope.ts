/**
 * The center network's reach, one rule for every service that knows a case by its center path
 * (district → town → village, as intake announces it in CaseRegistered): dispatch and ops-console.
 * intake, which owns the tree itself, states the same reach over its centers (centersInScope).
 */

/** Who acts, as far as the center network is concerned. */
export interface CenterPost {
  role: string;
  centerId?: string;
}

/**
 * Whether a person's post reaches a case registered at the last center of `centerPath`
 * (district → town → village, as intake announced it): an operator or a supervisor reaches the
 * cases of their center and every center below it; a clerk those of their own center; a
 * supervisor without a center (the network's own supervision), a mediator and ops every case.
 * A case whose registration the console has not seen yet (no path) is reached by those only.
 */
export function reachesCase(post: CenterPost, centerPath: readonly string[] | null): boolean {
  if (post.role === 'operator' || post.role === 'supervisor') {
    if (!post.centerId) return post.role === 'supervisor';
    return centerPath?.includes(post.centerId) ?? false;
  }
  if (post.role === 'clerk') return post.centerId !== undefined && centerPath?.at(-1) === post.centerId;
  return true;
}

/**
 * For lists: the center every listed case must have on its path, `'all'` for the whole network,
 * `'none'` for nothing at all (a post that reaches no center).
 */
export function listScope(post: CenterPost): { within: string } | 'all' | 'none' {
  if (post.role === 'operator' || post.role === 'supervisor' || post.role === 'clerk') {
    if (post.centerId) return { within: post.centerId };
    return post.role === 'supervisor' ? 'all' : 'none';
  }
  return 'all';
}
