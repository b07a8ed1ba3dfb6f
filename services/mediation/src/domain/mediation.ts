import type {
  AgreementMatterCategory,
  MediationApproachLevel,
  MediationReferral,
  MediationTierLevel,
  PerformanceOutcome,
  PerformanceRemedy,
} from '@chuishao/contracts';

export type MediationState = 'open' | 'agreed' | 'failed';
export type OpenedBy = 'whistle' | 'hand';

/** One stay of the mediation at a tier level; `missedAt` once its deadline passed there. */
export interface LevelStint {
  level: MediationTierLevel;
  startedAt: Date;
  dueAt: Date;
  missedAt: Date | null;
}

export interface Mediation {
  id: string;
  caseId: string;
  whistleId: string | null;
  openedBy: OpenedBy;
  /** Null until assigned: named at opening, a center's default, or the first to record a session. */
  mediatorId: string | null;
  /** Departments (and people) taking part besides the parties, e.g. those who reported on site. */
  participants: string[];
  state: MediationState;
  levels: LevelStint[];
  sessionCount: number;
  openedAt: Date;
  /**
   * The time limit of the whole mediation (one month by default, on the legal calendar); null for
   * mediations opened before it was kept.
   */
  timeLimitDueAt: Date | null;
  /** When the time limit passed with the mediation still open (its deadline came). */
  timeLimitMissedAt: Date | null;
  closedAt: Date | null;
  failure: { reason: string; referral: MediationReferral } | null;
  agreementId: string | null;
  /** The agreement's performance deadline (art. 29 "by when"), once agreed; null without one. */
  performanceDueAt: Date | null;
  /** The latest performance outcome recorded (art. 31); `performed` is final. Null until checked. */
  performance: PerformanceOutcome | null;
}

export interface MediationSession {
  id: string;
  mediationId: string;
  mediatorId: string;
  startedAt: Date;
  endedAt: Date;
  participants: string[];
  approachLevel: MediationApproachLevel;
  tierLevel: MediationTierLevel;
  notes: string | null;
  recordedAt: Date;
}

export interface AgreementMatter {
  category: AgreementMatterCategory;
  description: string;
}

export interface PartySignature {
  party: string;
  signedAt: Date;
}

/** The content People's Mediation Law art. 29 requires of a written agreement. */
export interface AgreementContent {
  facts: string;
  mattersInDispute: AgreementMatter[];
  responsibilities: Array<{ party: string; responsibility: string }>;
  terms: string;
  amount: number | null;
  performance: { manner: string; deadline: Date | null };
  partySignatures: PartySignature[];
  mediatorSignature: { mediator: string; signedAt: Date };
}

export interface Agreement extends AgreementContent {
  id: string;
  mediationId: string;
  caseId: string;
  /** The last signature: the agreement takes effect when everyone has signed. */
  effectiveAt: Date;
  recordedAt: Date;
}

/** One check of whether the agreement was performed (People's Mediation Law art. 31). */
export interface PerformanceRecord {
  id: string;
  mediationId: string;
  agreementId: string;
  outcome: PerformanceOutcome;
  note: string | null;
  /** What the law leaves the parties when it was not (fully) performed; empty when performed. */
  remedies: PerformanceRemedy[];
  /** The mediator in charge or the supervisor who recorded it. */
  recordedBy: string;
  recordedAt: Date;
}

/** Signatures and session times may come from a device whose clock runs a little ahead. */
export const CLOCK_SKEW_MS = 5 * 60_000;

export function currentLevel(mediation: Mediation): LevelStint {
  return mediation.levels[mediation.levels.length - 1]!;
}
