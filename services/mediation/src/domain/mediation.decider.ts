import {
  ConflictError,
  InvalidError,
  NotFoundError,
  applyTransition,
  conditionHolds,
  transitionAllowed,
  type Decider,
} from '@chuishao/kernel';
import { levelDueAt, nextTierLevel } from './ladder';
import { reachPerformanceDeadline, recordPerformance } from './performance';
import {
  CLOCK_SKEW_MS,
  currentLevel,
  type AgreementContent,
  type LevelStint,
  type Mediation,
} from './mediation';
import {
  WHILE_OPEN,
  mediationTransition,
  type MediationCommand,
  type MediationEvent,
} from './mediation.events';

export { mediationTransition, type MediationCommand, type MediationEvent };

type Of<T extends MediationCommand['type']> = Extract<MediationCommand, { type: T }>;

function assertOpen(mediation: Mediation): void {
  if (!conditionHolds(mediation, WHILE_OPEN))
    throw new ConflictError('MEDIATION_CLOSED', `mediation ${mediation.id} is ${mediation.state}`);
}

function assertNotAhead(at: Date, now: Date, field: string): void {
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS)
    throw new InvalidError('TIME_IN_FUTURE', `${field} is in the future`, field);
}

/** A mediation opens at its start level, with that level's deadline and distinct participants. */
function open(command: Of<'Open'>): MediationEvent {
  const { at } = command;
  return {
    type: 'MediationOpened',
    mediation: {
      id: command.id,
      caseId: command.caseId,
      whistleId: command.whistleId,
      openedBy: command.openedBy,
      mediatorId: command.mediatorId,
      participants: [...new Set(command.participants)],
      state: 'open',
      levels: [
        {
          level: command.startLevel,
          startedAt: at,
          dueAt: levelDueAt(command.ladder, command.startLevel, at),
          missedAt: null,
        },
      ],
      sessionCount: 0,
      openedAt: at,
      timeLimitDueAt: command.timeLimitDueAt,
      timeLimitMissedAt: null,
      closedAt: null,
      failure: null,
      agreementId: null,
      performanceDueAt: null,
      performance: null,
    },
  };
}

function recordSession(command: Of<'RecordSession'>, mediation: Mediation): MediationEvent {
  assertOpen(mediation);
  if (command.endedAt.getTime() < command.startedAt.getTime())
    throw new InvalidError('SESSION_ENDS_BEFORE_START', 'endedAt is before startedAt', 'endedAt');
  assertNotAhead(command.endedAt, command.at, 'endedAt');
  return {
    type: 'SessionRecorded',
    takesCharge: command.takesCharge !== false,
    session: {
      id: command.sessionId,
      mediationId: mediation.id,
      mediatorId: command.mediatorId,
      startedAt: command.startedAt,
      endedAt: command.endedAt,
      participants: [...new Set(command.participants)],
      approachLevel: command.approachLevel,
      tierLevel: currentLevel(mediation).level,
      notes: command.notes,
      recordedAt: command.at,
    },
  };
}

/** Every party signed, once each, and only parties; nobody signed in the future. */
function assertPartiesSigned(content: AgreementContent, caseParties: string[], now: Date): void {
  const signed = new Set<string>();
  content.partySignatures.forEach((signature, index) => {
    const field = `partySignatures[${index}].party`;
    if (!caseParties.includes(signature.party))
      throw new InvalidError('SIGNATURE_NOT_A_PARTY', `${signature.party} is not a party of the case`, field);
    if (signed.has(signature.party))
      throw new InvalidError('SIGNATURE_DUPLICATED', `${signature.party} signed twice`, field);
    signed.add(signature.party);
    assertNotAhead(signature.signedAt, now, `partySignatures[${index}].signedAt`);
  });
  const unsigned = caseParties.filter((party) => !signed.has(party));
  if (unsigned.length > 0)
    throw new InvalidError(
      'PARTY_SIGNATURE_MISSING',
      `every party must sign; missing: ${unsigned.join(', ')}`,
      'partySignatures',
    );
}

/**
 * Checks an agreement against the case: every party signed (and only parties), the mediator who
 * signs is the mediation's, nobody signed in the future. The content itself is checked at the
 * edge (every art. 29 field present). It takes effect at the last signature.
 */
function recordAgreement(command: Of<'RecordAgreement'>, mediation: Mediation): MediationEvent {
  assertOpen(mediation);
  if (mediation.sessionCount === 0)
    throw new ConflictError(
      'NO_SESSION_RECORDED',
      `mediation ${mediation.id} has no session yet; record the session that led to the agreement`,
    );
  const { content, at } = command;
  assertPartiesSigned(content, command.caseParties, at);
  const mediator = content.mediatorSignature.mediator;
  if (mediation.mediatorId && mediator !== mediation.mediatorId)
    throw new InvalidError(
      'MEDIATOR_SIGNATURE_MISMATCH',
      `the mediation's mediator is ${mediation.mediatorId}, not ${mediator}`,
      'mediatorSignature.mediator',
    );
  assertNotAhead(content.mediatorSignature.signedAt, at, 'mediatorSignature.signedAt');
  const signedAt = [content.mediatorSignature, ...content.partySignatures].map((s) => s.signedAt.getTime());
  return {
    type: 'AgreementReached',
    agreement: {
      ...content,
      id: command.agreementId,
      mediationId: mediation.id,
      caseId: mediation.caseId,
      effectiveAt: new Date(Math.max(...signedAt)),
      recordedAt: at,
    },
  };
}

/**
 * A tier level's deadline came. Only the level the mediation is still at, while it is open and
 * not already marked missed, has an effect: a late, repeated or stale deadline changes nothing.
 */
function reachLevelDeadline(command: Of<'ReachLevelDeadline'>, mediation: Mediation): MediationEvent[] {
  const current = currentLevel(mediation);
  if (!conditionHolds(mediation, WHILE_OPEN) || current.level !== command.level || current.missedAt)
    return [];
  const missed: LevelStint = { ...current, missedAt: command.at };
  const next = nextTierLevel(command.level);
  if (!next) return [{ type: 'TopLevelMissed', missed }];
  const to: LevelStint = {
    level: next,
    startedAt: command.at,
    dueAt: levelDueAt(command.ladder, next, command.at),
    missedAt: null,
  };
  return [{ type: 'LevelRaised', from: missed, to }];
}

/**
 * The mediation's time limit came. Recorded once, while it is still open: an agreement or a
 * failure that got there first, or a repeat of the deadline, changes nothing.
 */
function reachTimeLimit(command: Of<'ReachTimeLimit'>, mediation: Mediation): MediationEvent[] {
  const event: MediationEvent = { type: 'TimeLimitPassed', at: command.at };
  const applies = mediation.timeLimitDueAt && transitionAllowed(mediation, mediationTransition(event));
  return applies ? [event] : [];
}

/** `mediation`: null before it is opened. */
export function decide(command: MediationCommand, mediation: Mediation | null): MediationEvent[] {
  if (command.type === 'Open') {
    if (mediation) throw new ConflictError('MEDIATION_EXISTS', `mediation ${mediation.id} is open already`);
    return [open(command)];
  }
  if (!mediation) throw new NotFoundError('MEDIATION_NOT_FOUND', 'no such mediation');
  switch (command.type) {
    case 'RecordSession':
      return [recordSession(command, mediation)];
    case 'RecordAgreement':
      return [recordAgreement(command, mediation)];
    case 'Fail':
      assertOpen(mediation);
      return [
        {
          type: 'MediationFailed',
          failure: { reason: command.reason, referral: command.referral },
          at: command.at,
        },
      ];
    case 'RecordPerformance':
      return [{ type: 'PerformanceRecorded', record: recordPerformance(command, mediation) }];
    case 'ReachLevelDeadline':
      return reachLevelDeadline(command, mediation);
    case 'ReachTimeLimit':
      return reachTimeLimit(command, mediation);
    case 'ReachPerformanceDeadline':
      return reachPerformanceDeadline(command, mediation);
  }
}

/** The state an event leaves: its transition's fields, and what depends on the state itself. */
export function evolve(mediation: Mediation | null, event: MediationEvent): Mediation {
  if (event.type === 'MediationOpened') return event.mediation;
  if (!mediation) throw new NotFoundError('MEDIATION_NOT_FOUND', `${event.type} before the mediation opened`);
  const next = applyTransition(mediation, mediationTransition(event));
  const earlier = mediation.levels.slice(0, -1);
  switch (event.type) {
    case 'SessionRecorded':
      return { ...next, sessionCount: mediation.sessionCount + 1 };
    case 'LevelRaised':
      return { ...next, levels: [...earlier, event.from, event.to] };
    case 'TopLevelMissed':
      return { ...next, levels: [...earlier, event.missed] };
    default:
      return next;
  }
}

export const mediationDecider: Decider<MediationCommand, Mediation, MediationEvent> = {
  decide,
  evolve,
  transition: mediationTransition,
};
