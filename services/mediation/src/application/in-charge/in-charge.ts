import { Injectable } from '@nestjs/common';
import { reachesCase, type CenterPost } from '@chuishao/auth';
import { NotFoundError } from '@chuishao/kernel';
import type { Mediation } from '../../domain/mediation';
import { KnownCasesRepository } from '../../infrastructure/persistence/known-cases.repository';

/** Who asks to change a mediation: their post and their own id (a mediator's is the token's subject). */
export interface ActingPost extends CenterPost {
  id: string;
}

/**
 * A mediation has a mediator in charge: only they change it (sessions, the agreement, a failure,
 * the agreement's performance), or a supervisor whose centers reach the case. A mediation nobody
 * has taken yet is open to any mediator (the first to act takes it, as GET /mediations offers it
 * to all of them).
 */
export function isInCharge(
  mediation: Mediation,
  post: ActingPost,
  centerPath: readonly string[] | null,
): boolean {
  if (post.role === 'mediator') return mediation.mediatorId === null || mediation.mediatorId === post.id;
  if (post.role === 'supervisor') return reachesCase(post, centerPath);
  return false;
}

/**
 * Who may read a mediation: a mediator what they could change (their own, or one nobody has
 * taken), an operator or a supervisor the mediations of the cases their centers reach, ops all.
 */
export function maySee(
  mediation: Mediation,
  post: ActingPost,
  centerPath: readonly string[] | null,
): boolean {
  if (post.role === 'mediator') return isInCharge(mediation, post, centerPath);
  return reachesCase(post, centerPath);
}

@Injectable()
export class MediationInCharge {
  constructor(private readonly knownCases: KnownCasesRepository) {}

  /** Refuses with 404, as if the mediation did not exist: another mediator learns nothing of it. */
  async assert(mediation: Mediation, post: ActingPost): Promise<void> {
    const known = post.role === 'supervisor' ? await this.knownCases.find(mediation.caseId) : null;
    if (!isInCharge(mediation, post, known?.centerPath ?? null))
      throw new NotFoundError('MEDIATION_NOT_FOUND', `no mediation with id ${mediation.id}`);
  }

  /** A mediation the reader may not see answers 404, exactly like one that does not exist. */
  async assertMaySee(mediation: Mediation, post: ActingPost): Promise<void> {
    if (!(await this.visible([mediation], post)).length)
      throw new NotFoundError('MEDIATION_NOT_FOUND', `no mediation with id ${mediation.id}`);
  }

  /** The mediations (all of one case or a few) the reader may see. */
  async visible(mediations: Mediation[], post: ActingPost): Promise<Mediation[]> {
    const paths = new Map<string, readonly string[] | null>();
    if (post.role !== 'mediator')
      for (const caseId of new Set(mediations.map((m) => m.caseId)))
        paths.set(caseId, (await this.knownCases.find(caseId))?.centerPath ?? null);
    return mediations.filter((m) => maySee(m, post, paths.get(m.caseId) ?? null));
  }
}
