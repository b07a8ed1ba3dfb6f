/** Given / when / then for the Case decider's specs: a case decided from commands, no database. */
import type { CaseCommand, CaseEvent, CaseState } from './case.decider';
import type { CenterRef } from './case.events';
import { decide, evolve } from './case.decider';

export const T0 = new Date('2018-10-15T08:00:00.000Z');
export const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

type Register = Extract<CaseCommand, { type: 'Register' }>;

export function register(overrides: Partial<Register> = {}): Register {
  let n = 0;
  return {
    type: 'Register',
    id: '0190a0b0-0000-7000-8000-0000000000ca',
    caseNo: 'ALZ-2018-000001',
    centerId: 'anlizha-village',
    channel: 'petition',
    disputeType: 'road_traffic',
    summary: ' A villager petitions after his daughter died in a road accident. ',
    headcount: 5,
    urgency: 'urgent',
    parties: [
      { role: 'applicant', name: '王某', idNumber: '620702196805051234', phone: '13909361234' },
      { role: 'respondent', name: '李某' },
    ],
    newPartyId: () => `party-${++n}`,
    at: T0,
    ...overrides,
  };
}

export const progress = (status: Extract<CaseCommand, { type: 'RecordProgress' }>['status'], when: Date) =>
  ({ type: 'RecordProgress', status, at: when }) as const;
const threeDaysAfter = (when: Date) => new Date(when.getTime() + 72 * 3_600_000);
export const close = (reason = 'withdrawn', when = at(60)) =>
  ({ type: 'Close', reason, at: when, followUpDueAt: threeDaysAfter(when) }) as const;
export const ruling = (status: 'confirmed' | 'rejected', ruledAt: Date, when: Date, reason = 'ruled') =>
  ({ type: 'FollowRuling', status, ruledAt, reason, at: when, followUpDueAt: threeDaysAfter(when) }) as const;
export const followUp = (
  answer: 'satisfied' | 'basically_satisfied' | 'unsatisfied',
  comment = '',
  when = at(24 * 60),
  channel: 'sms_link' | 'phone' = 'phone',
) =>
  ({
    type: 'RecordFollowUp',
    channel,
    answer,
    resolved: answer !== 'unsatisfied',
    comment,
    at: when,
  }) as const;

const CENTERS: Record<string, CenterRef> = {
  'ganzhou-district': {
    id: 'ganzhou-district',
    name: '甘州区',
    tier: 'district',
    path: ['ganzhou-district'],
  },
  'shangqin-town': {
    id: 'shangqin-town',
    name: '上秦镇',
    tier: 'town',
    path: ['ganzhou-district', 'shangqin-town'],
  },
  'anlizha-village': {
    id: 'anlizha-village',
    name: '安里闸村',
    tier: 'village',
    path: ['ganzhou-district', 'shangqin-town', 'anlizha-village'],
  },
};

/** A referral of a case now at `from` (the village unless told). */
export const refer = (
  toCenterId = 'shangqin-town',
  direction: 'up' | 'down' | null = 'up',
  reason = 'involves land of three villages',
  when = at(30),
  from = 'anlizha-village',
) =>
  ({ type: 'Refer', from: CENTERS[from]!, to: CENTERS[toCenterId]!, direction, reason, at: when }) as const;

/** Given the case registered, then these commands (each decided), when a command, then events. */
export function given(first: Register = register(), ...history: CaseCommand[]) {
  let state: CaseState | null = null;
  for (const command of [first, ...history])
    state = decide(command, state).reduce<CaseState | null>(evolve, state);
  const current = state!;
  return {
    state: current,
    when(command: CaseCommand): { events: CaseEvent[]; then: CaseState } {
      const events = decide(command, current);
      return { events, then: events.reduce<CaseState>(evolve, current) };
    },
  };
}
