import type { DisputeType, Urgency } from '@chuishao/contracts';

/** Dispatch's copy of what it needs about a case, kept from intake's events. */
export interface KnownCase {
  caseId: string;
  caseNo: string;
  centerId: string;
  /** The case's centers, district first, its own last: whose operators reach it. */
  centerPath: string[];
  disputeType: DisputeType;
  urgency: Urgency;
  closed: boolean;
}
