import { Injectable } from '@nestjs/common';
import type { DisputeType, RepeatMatch } from '@chuishao/contracts';
import { TransactionHost } from '@chuishao/persistence';
import { alreadyLinked, type CaseLinkPair, type RepeatCandidate } from '../../domain/repeat-petition';

/** A stored link: the repeat (`caseId`), the earlier case, why and by whom. */
export interface CaseLink extends CaseLinkPair {
  matchedBy: RepeatMatch[];
  reason: string | null;
  linkedAt: Date;
  linkedBy: { role: string; id: string };
}

/** Which earlier cases to look at for `subjectId`; the domain decides which of them match. */
export interface CandidateSearch {
  subjectId: string;
  centerId: string;
  disputeType: DisputeType;
  registeredAt: Date;
  /** The first instant a same-place-and-type case counts (repeatWindowStart). */
  windowStart: Date;
  /** Keyed hashes of the subject's parties' ID numbers and phones (every current hash key). */
  idNumberHashes: readonly string[];
  phoneHashes: readonly string[];
  /** The reader's centers; null: every center. */
  centerIds: readonly string[] | null;
  /** Only these cases (a link's pair); null: any. */
  onlyIds: readonly string[] | null;
  limit: number;
}

interface CandidateRow {
  id: string;
  center_id: string;
  dispute_type: string;
  registered_at: Date;
  shares_party: boolean;
}

interface LinkRow {
  case_id: string;
  linked_case_id: string;
  matched_by: string[];
  reason: string | null;
  linked_at: Date;
  linked_by_role: string;
  linked_by_id: string;
}

const UNIQUE_VIOLATION = '23505';
const codeOf = (error: unknown): unknown =>
  (error as { code?: unknown; driverError?: { code?: unknown } }).code ??
  (error as { driverError?: { code?: unknown } }).driverError?.code;

/** Repeat-petition links between cases, and the earlier cases a registration may repeat. */
@Injectable()
export class CaseLinkRepository {
  constructor(private readonly transactions: TransactionHost) {}

  /** Earlier cases at the same place and of the same type within the window, or sharing a party. */
  async candidates(search: CandidateSearch): Promise<RepeatCandidate[]> {
    const rows: CandidateRow[] = await this.transactions.manager.query(
      `WITH shared AS (
         SELECT DISTINCT p.case_id FROM parties p
          WHERE p.id_number_hash = ANY($5::text[]) OR p.phone_hash = ANY($6::text[]))
       SELECT c.id, c.center_id, c.dispute_type, c.registered_at, (s.case_id IS NOT NULL) AS shares_party
         FROM cases c LEFT JOIN shared s ON s.case_id = c.id
        WHERE c.id <> $1 AND c.registered_at <= $4
          AND ($7::text[] IS NULL OR c.center_id = ANY($7))
          AND ($8::uuid[] IS NULL OR c.id = ANY($8))
          AND (s.case_id IS NOT NULL
               OR (c.center_id = $2 AND c.dispute_type = $3 AND c.registered_at >= $9))
        ORDER BY c.registered_at DESC, c.id DESC
        LIMIT $10`,
      [
        search.subjectId,
        search.centerId,
        search.disputeType,
        search.registeredAt,
        [...search.idNumberHashes],
        [...search.phoneHashes],
        search.centerIds === null ? null : [...search.centerIds],
        search.onlyIds === null ? null : [...search.onlyIds],
        search.windowStart,
        search.limit,
      ],
    );
    return rows.map((r) => ({
      id: r.id,
      centerId: r.center_id,
      disputeType: r.dispute_type as DisputeType,
      registeredAt: r.registered_at,
      sharesParty: r.shares_party,
    }));
  }

  /** Every link either of `caseIds` is on, oldest first. */
  async linksOf(caseIds: readonly string[]): Promise<CaseLink[]> {
    const rows: LinkRow[] = await this.transactions.manager.query(
      `SELECT * FROM case_links WHERE case_id = ANY($1::uuid[]) OR linked_case_id = ANY($1::uuid[])
        ORDER BY linked_at, case_id, linked_case_id`,
      [[...caseIds]],
    );
    return rows.map((r) => ({
      caseId: r.case_id,
      linkedCaseId: r.linked_case_id,
      matchedBy: r.matched_by as RepeatMatch[],
      reason: r.reason,
      linkedAt: r.linked_at,
      linkedBy: { role: r.linked_by_role, id: r.linked_by_id },
    }));
  }

  /**
   * Per center (of `centerIds`, or every one), the cases registered in [from, to) and how many of
   * them are linked as the repeat of an earlier case: the scorecards' repeat petitions.
   */
  async repeatCounts(
    from: Date,
    to: Date,
    centerIds: readonly string[] | null,
  ): Promise<Array<{ centerId: string; registered: number; repeats: number }>> {
    const rows: Array<{ center_id: string; registered: number; repeats: number }> =
      await this.transactions.manager.query(
        `SELECT c.center_id, count(*)::int AS registered,
                count(*) FILTER (WHERE EXISTS (SELECT 1 FROM case_links l WHERE l.case_id = c.id))::int AS repeats
           FROM cases c
          WHERE c.registered_at >= $1 AND c.registered_at < $2
            AND ($3::text[] IS NULL OR c.center_id = ANY($3))
          GROUP BY c.center_id ORDER BY c.center_id`,
        [from, to, centerIds === null ? null : [...centerIds]],
      );
    return rows.map((r) => ({ centerId: r.center_id, registered: r.registered, repeats: r.repeats }));
  }

  /** The pair's unique index settles two clerks linking the same cases at once: the second is a 409. */
  async insert(link: CaseLink): Promise<void> {
    try {
      await this.transactions.manager.query(
        `INSERT INTO case_links (case_id, linked_case_id, matched_by, reason, linked_at, linked_by_role, linked_by_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          link.caseId,
          link.linkedCaseId,
          link.matchedBy,
          link.reason,
          link.linkedAt,
          link.linkedBy.role,
          link.linkedBy.id,
        ],
      );
    } catch (error) {
      if (codeOf(error) === UNIQUE_VIOLATION) throw alreadyLinked();
      throw error;
    }
  }
}
