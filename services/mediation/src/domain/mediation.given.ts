/** Given / when / then for the Mediation decider's specs: a mediation decided from commands, no database. */
import { LegalCalendar, seconds } from '@chuishao/legal-calendar';
import type { Ladder } from './ladder';
import type { AgreementContent, Mediation } from './mediation';
import { decide, evolve, type MediationCommand, type MediationEvent } from './mediation.decider';

export const T0 = new Date('2018-10-15T09:00:00.000Z');
export const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const calendar = new LegalCalendar();
export const endOf: Ladder['endOf'] = (from, period) => calendar.endOf(from, period).dueAt;
/** Elapsed days (the development override), so the ladder's arithmetic below is exact. */
export const SPLIT: Ladder = {
  split: {
    grid_worker: seconds(86_400),
    village_committee: seconds(172_800),
    town_center: seconds(172_800),
    town_government: seconds(172_800),
  },
  endOf,
};

type Open = Extract<MediationCommand, { type: 'Open' }>;

export function open(overrides: Partial<Open> = {}): Open {
  return {
    type: 'Open',
    id: '0190a0b0-0000-7000-8000-000000000001',
    caseId: '0190a0b0-0000-7000-8000-0000000000ca',
    whistleId: '0190a0b0-0000-7000-8000-0000000000f1',
    openedBy: 'whistle',
    mediatorId: null,
    participants: ['ganzhou-traffic-police', 'shangqin-judicial-office', 'ganzhou-traffic-police'],
    startLevel: 'grid_worker',
    ladder: SPLIT,
    timeLimitDueAt: new Date('2018-11-15T16:00:00.000Z'),
    at: T0,
    ...overrides,
  };
}

export function session(
  mediatorId = 'mediator-zhang',
  overrides: Partial<MediationCommand> = {},
): MediationCommand {
  return {
    type: 'RecordSession',
    sessionId: '0190a0b0-0000-7000-8000-000000000051',
    mediatorId,
    startedAt: at(0),
    endedAt: at(120),
    participants: ['王某', '李某'],
    approachLevel: 'sentiment',
    notes: null,
    at: at(121),
    ...overrides,
  } as MediationCommand;
}

export function content(overrides: Partial<AgreementContent> = {}): AgreementContent {
  return {
    facts: 'Road accident on 12 October; the applicant’s daughter died',
    mattersInDispute: [{ category: 'compensation', description: 'Compensation for the death' }],
    responsibilities: [{ party: '李某', responsibility: 'Primary responsibility' }],
    terms: '李某 pays 王某 500,000 yuan',
    amount: 500000,
    performance: { manner: 'bank transfer', deadline: new Date('2018-10-30T00:00:00.000Z') },
    partySignatures: [
      { party: '王某', signedAt: at(300) },
      { party: '李某', signedAt: at(310) },
    ],
    mediatorSignature: { mediator: 'mediator-zhang', signedAt: at(305) },
    ...overrides,
  };
}

export const agree = (caseParties = ['王某', '李某'], c = content()): MediationCommand => ({
  type: 'RecordAgreement',
  agreementId: 'a-1',
  content: c,
  caseParties,
  at: at(320),
});
export const fail = (when = at(60)): MediationCommand => ({
  type: 'Fail',
  reason: 'no agreement',
  referral: 'litigation',
  at: when,
});
/** The agreement of `content()` is to be performed by then. */
export const PERFORMANCE_DEADLINE = new Date('2018-10-30T00:00:00.000Z');
export const perform = (
  outcome: Extract<MediationCommand, { type: 'RecordPerformance' }>['outcome'],
  when: Date = PERFORMANCE_DEADLINE,
  recordedBy = 'mediator-zhang',
): MediationCommand => ({
  type: 'RecordPerformance',
  performanceId: `p-${when.toISOString()}`,
  outcome,
  note: null,
  recordedBy,
  at: when,
});
export const levelDeadline = (
  level: Extract<MediationCommand, { type: 'ReachLevelDeadline' }>['level'],
  when: Date,
  ladder = SPLIT,
): MediationCommand => ({ type: 'ReachLevelDeadline', level, ladder, at: when });

/** Given the mediation opened, then these commands (each decided), when a command, then events. */
export function given(first: Open = open(), ...history: MediationCommand[]) {
  let mediation: Mediation | null = null;
  for (const command of [first, ...history])
    mediation = decide(command, mediation).reduce<Mediation | null>(evolve, mediation);
  const state = mediation!;
  return {
    mediation: state,
    when(command: MediationCommand) {
      const events = decide(command, state);
      return { events, then: events.reduce<Mediation>(evolve, state) };
    },
  };
}

export const ofType = <T extends MediationEvent['type']>(events: MediationEvent[], type: T) =>
  events.find((e): e is Extract<MediationEvent, { type: T }> => e.type === type)!;
