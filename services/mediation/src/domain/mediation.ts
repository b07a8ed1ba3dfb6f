import type {
  AgreementMatterCategory,
  MediationApproachLevel,
  MediationReferral,
  MediationTierLevel,
} from '@chuishao/contracts';
import { ConflictError, InvalidError } from '@chuishao/kernel';
import { levelDueAt, nextTierLevel, type Ladder } from './ladder';

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

/** Signatures and session times may come from a device whose clock runs a little ahead. */
export const CLOCK_SKEW_MS = 5 * 60_000;

export function currentLevel(mediation: Mediation): LevelStint {
  return mediation.levels[mediation.levels.length - 1]!;
}

export function openMediation(input: {
  id: string;
  caseId: string;
  whistleId: string | null;
  openedBy: OpenedBy;
  mediatorId: string | null;
  participants: string[];
  startLevel: MediationTierLevel;
  ladder: Ladder;
  timeLimitDueAt: Date;
  now: Date;
}): Mediation {
  return {
    id: input.id,
    caseId: input.caseId,
    whistleId: input.whistleId,
    openedBy: input.openedBy,
    mediatorId: input.mediatorId,
    participants: [...new Set(input.participants)],
    state: 'open',
    levels: [
      {
        level: input.startLevel,
        startedAt: input.now,
        dueAt: levelDueAt(input.ladder, input.startLevel, input.now),
        missedAt: null,
      },
    ],
    sessionCount: 0,
    openedAt: input.now,
    timeLimitDueAt: input.timeLimitDueAt,
    timeLimitMissedAt: null,
    closedAt: null,
    failure: null,
    agreementId: null,
  };
}

function assertOpen(mediation: Mediation): void {
  if (mediation.state !== 'open')
    throw new ConflictError('MEDIATION_CLOSED', `mediation ${mediation.id} is ${mediation.state}`);
}

function assertNotAhead(at: Date, now: Date, field: string): void {
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS)
    throw new InvalidError('TIME_IN_FUTURE', `${field} is in the future`, field);
}

export function recordSession(
  mediation: Mediation,
  input: {
    id: string;
    mediatorId: string;
    startedAt: Date;
    endedAt: Date;
    participants: string[];
    approachLevel: MediationApproachLevel;
    notes: string | null;
    /** Whether the recorder becomes the mediator in charge of an untaken mediation (default yes). */
    takesCharge?: boolean;
  },
  now: Date,
): { mediation: Mediation; session: MediationSession } {
  assertOpen(mediation);
  if (input.endedAt.getTime() < input.startedAt.getTime())
    throw new InvalidError('SESSION_ENDS_BEFORE_START', 'endedAt is before startedAt', 'endedAt');
  assertNotAhead(input.endedAt, now, 'endedAt');
  const session: MediationSession = {
    id: input.id,
    mediationId: mediation.id,
    mediatorId: input.mediatorId,
    startedAt: input.startedAt,
    endedAt: input.endedAt,
    participants: [...new Set(input.participants)],
    approachLevel: input.approachLevel,
    tierLevel: currentLevel(mediation).level,
    notes: input.notes,
    recordedAt: now,
  };
  return {
    // The first mediator to hold a session takes the case when nobody was named.
    mediation: {
      ...mediation,
      mediatorId: mediation.mediatorId ?? (input.takesCharge === false ? null : input.mediatorId),
      sessionCount: mediation.sessionCount + 1,
    },
    session,
  };
}

export type LevelDeadlineOutcome =
  | { kind: 'raised'; mediation: Mediation; from: LevelStint; to: LevelStint }
  | { kind: 'top_level_missed'; mediation: Mediation }
  | { kind: 'ignored'; why: string };

/**
 * A tier level's deadline came. Only the level the mediation is still at, while it is open and
 * not already marked missed, has an effect: a late, repeated or stale deadline changes nothing.
 */
export function levelDeadlineReached(
  mediation: Mediation,
  level: MediationTierLevel,
  ladder: Ladder,
  now: Date,
): LevelDeadlineOutcome {
  if (mediation.state !== 'open') return { kind: 'ignored', why: `mediation is ${mediation.state}` };
  const current = currentLevel(mediation);
  if (current.level !== level)
    return { kind: 'ignored', why: `mediation is at ${current.level}, not ${level}` };
  if (current.missedAt) return { kind: 'ignored', why: `${level} deadline already handled` };
  const missed: LevelStint = { ...current, missedAt: now };
  const earlier = mediation.levels.slice(0, -1);
  const next = nextTierLevel(level);
  if (!next) return { kind: 'top_level_missed', mediation: { ...mediation, levels: [...earlier, missed] } };
  const to: LevelStint = {
    level: next,
    startedAt: now,
    dueAt: levelDueAt(ladder, next, now),
    missedAt: null,
  };
  return {
    kind: 'raised',
    mediation: { ...mediation, levels: [...earlier, missed, to] },
    from: missed,
    to,
  };
}

/**
 * The mediation's time limit came. Recorded once, while it is still open: an agreement or a
 * failure that got there first, or a repeat of the deadline, changes nothing.
 */
export function timeLimitReached(
  mediation: Mediation,
  now: Date,
): { kind: 'missed'; mediation: Mediation } | { kind: 'ignored'; why: string } {
  if (mediation.state !== 'open') return { kind: 'ignored', why: `mediation is ${mediation.state}` };
  if (!mediation.timeLimitDueAt) return { kind: 'ignored', why: 'mediation has no time limit' };
  if (mediation.timeLimitMissedAt) return { kind: 'ignored', why: 'time limit already recorded as passed' };
  return { kind: 'missed', mediation: { ...mediation, timeLimitMissedAt: now } };
}

/**
 * Checks an agreement against the case: every party signed (and only parties), the mediator who
 * signs is the mediation's, nobody signed in the future. The content itself is checked at the
 * edge (every art. 29 field present).
 */
export function reachAgreement(
  mediation: Mediation,
  input: { id: string; content: AgreementContent; caseParties: string[] },
  now: Date,
): { mediation: Mediation; agreement: Agreement } {
  assertOpen(mediation);
  if (mediation.sessionCount === 0)
    throw new ConflictError(
      'NO_SESSION_RECORDED',
      `mediation ${mediation.id} has no session yet; record the session that led to the agreement`,
    );
  const { content } = input;
  const signed = new Set<string>();
  content.partySignatures.forEach((signature, index) => {
    const field = `partySignatures[${index}].party`;
    if (!input.caseParties.includes(signature.party))
      throw new InvalidError('SIGNATURE_NOT_A_PARTY', `${signature.party} is not a party of the case`, field);
    if (signed.has(signature.party))
      throw new InvalidError('SIGNATURE_DUPLICATED', `${signature.party} signed twice`, field);
    signed.add(signature.party);
    assertNotAhead(signature.signedAt, now, `partySignatures[${index}].signedAt`);
  });
  const unsigned = input.caseParties.filter((party) => !signed.has(party));
  if (unsigned.length > 0)
    throw new InvalidError(
      'PARTY_SIGNATURE_MISSING',
      `every party must sign; missing: ${unsigned.join(', ')}`,
      'partySignatures',
    );
  const mediator = content.mediatorSignature.mediator;
  if (mediation.mediatorId && mediator !== mediation.mediatorId)
    throw new InvalidError(
      'MEDIATOR_SIGNATURE_MISMATCH',
      `the mediation's mediator is ${mediation.mediatorId}, not ${mediator}`,
      'mediatorSignature.mediator',
    );
  assertNotAhead(content.mediatorSignature.signedAt, now, 'mediatorSignature.signedAt');
  const effectiveAt = new Date(
    Math.max(
      content.mediatorSignature.signedAt.getTime(),
      ...content.partySignatures.map((s) => s.signedAt.getTime()),
    ),
  );
  return {
    mediation: { ...mediation, mediatorId: mediator, state: 'agreed', closedAt: now, agreementId: input.id },
    agreement: {
      ...content,
      id: input.id,
      mediationId: mediation.id,
      caseId: mediation.caseId,
      effectiveAt,
      recordedAt: now,
    },
  };
}

export function failMediation(
  mediation: Mediation,
  failure: { reason: string; referral: MediationReferral },
  now: Date,
): Mediation {
  assertOpen(mediation);
  return { ...mediation, state: 'failed', closedAt: now, failure };
}
