import { Inject, Injectable } from '@nestjs/common';
import type { RepeatMatch } from '@chuishao/contracts';
import { CLOCK, NotFoundError, type Clock } from '@chuishao/kernel';
import { centersInScope, inScope, type CenterPost } from '../../domain/center-scope';
import type { DisputeCase } from '../../domain/dispute-case';
import {
  countingPeriod,
  otherSideOf,
  repeatWindowStart,
  similarEarlierCases,
} from '../../domain/repeat-petition';
import { CaseLinkRepository, type CaseLink } from '../../infrastructure/persistence/case-link.repository';
import { CaseRepository } from '../../infrastructure/persistence/case.repository';

/** How many earlier cases a clerk is shown at most. */
export const SIMILAR_CASES_LIMIT = 50;

/** An earlier case the clerk is shown (parties masked only), why, and whether it is linked already. */
export interface SimilarCase {
  dispute: DisputeCase;
  matchedBy: RepeatMatch[];
  linked: boolean;
}

/** A case linked to the one read: which side of the link it is on, and the link itself. */
export interface LinkedCase {
  dispute: DisputeCase;
  direction: 'repeat_of' | 'repeated_by';
  link: CaseLink;
}

type Scope = ReadonlySet<string> | null;

export function caseNotFound(id: string, field?: string): NotFoundError {
  return new NotFoundError('CASE_NOT_FOUND', `no case with id ${id}`, field ? { field } : undefined);
}

/**
 * The reads of repeat petitions (重复来访): the earlier cases a case may repeat, and the cases
 * linked to it. Only cases in the reader's centers are ever looked at; parties come masked.
 */
@Injectable()
export class RepeatPetitions {
  constructor(
    private readonly cases: CaseRepository,
    private readonly links: CaseLinkRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Per center of the reader's, the cases registered in the period and how many are linked repeats. */
  async counts(period: { from?: Date; to?: Date }, reader: CenterPost) {
    const { from, to } = countingPeriod(this.clock.now(), period.from, period.to);
    const scope = await this.scopeOf(reader);
    const items = await this.links.repeatCounts(from, to, scope === null ? null : [...scope]);
    return { from, to, items };
  }

  async scopeOf(reader: CenterPost): Promise<Scope> {
    return centersInScope(await this.cases.centers(), reader);
  }

  /**
   * A case in `scope`, with its parties' full values (to match parties by keyed hash; they never
   * leave this service's reads of repeat petitions), or 404 as if it did not exist.
   */
  async subjectIn(scope: Scope, id: string, field?: string): Promise<DisputeCase> {
    const dispute = await this.cases.find(id, { reveal: true });
    if (!dispute || !inScope(scope, dispute.centerId)) throw caseNotFound(id, field);
    return dispute;
  }

  async similar(caseId: string, reader: CenterPost): Promise<SimilarCase[]> {
    const scope = await this.scopeOf(reader);
    const subject = await this.subjectIn(scope, caseId);
    const found = await this.matching(subject, scope, null);
    const linked = new Set(
      (await this.links.linksOf([caseId])).map((l) => otherSideOf(l, caseId).otherCaseId),
    );
    const cases = await this.cases.findMany(found.map((f) => f.candidate.id));
    const byId = new Map(found.map((f) => [f.candidate.id, f.matchedBy]));
    return cases.map((dispute) => ({
      dispute,
      matchedBy: byId.get(dispute.id) ?? [],
      linked: linked.has(dispute.id),
    }));
  }

  /** Why `other` may be a repeat of `subject`'s earlier case (empty: it was not suggested). */
  async matchesBetween(subject: DisputeCase, otherId: string, scope: Scope): Promise<RepeatMatch[]> {
    const [found] = await this.matching(subject, scope, [otherId]);
    return found?.matchedBy ?? [];
  }

  /** The cases linked to `caseId`, both ways, that the reader may see; oldest link first. */
  async linkedTo(caseId: string, reader: CenterPost): Promise<LinkedCase[]> {
    const scope = await this.scopeOf(reader);
    const links = await this.links.linksOf([caseId]);
    const sides = links.map((link) => ({ link, ...otherSideOf(link, caseId) }));
    const cases = new Map((await this.cases.findMany(sides.map((s) => s.otherCaseId))).map((c) => [c.id, c]));
    return sides.flatMap(({ link, otherCaseId, direction }) => {
      const dispute = cases.get(otherCaseId);
      return dispute && inScope(scope, dispute.centerId) ? [{ dispute, direction, link }] : [];
    });
  }

  private async matching(subject: DisputeCase, scope: Scope, onlyIds: string[] | null) {
    const hashes = (pick: 'idNumber' | 'phone') =>
      subject.parties.flatMap((p) => {
        const value = p.personal?.[pick];
        return value ? this.cases.searchHashes(value) : [];
      });
    const candidates = await this.links.candidates({
      subjectId: subject.id,
      centerId: subject.centerId,
      disputeType: subject.disputeType,
      registeredAt: subject.registeredAt,
      windowStart: repeatWindowStart(subject.registeredAt),
      idNumberHashes: hashes('idNumber'),
      phoneHashes: hashes('phone'),
      centerIds: scope === null ? null : [...scope],
      onlyIds,
      limit: SIMILAR_CASES_LIMIT,
    });
    return similarEarlierCases(subject, candidates);
  }
}
