import type { Transition } from '@chuishao/kernel';
import {
  SUMMONS_ANSWER_APPLIES_FROM,
  SUMMONS_STAND_DOWN_APPLIES_FROM,
  type DisputeType,
  type SummonsAnswer,
  type Urgency,
} from '@chuishao/contracts';
import type { Summons, Whistle } from './whistle';

/**
 * What happens to a whistle (the Whistle decider's events), and the transition table: what each
 * event writes, to the whistle's row and to one of its summons, and from which states. `evolve`
 * applies it in memory; the store's conditional UPDATE is generated from the same table.
 */
export type WhistleEvent =
  | { type: 'WhistleBlown'; whistle: Whistle; disputeType: DisputeType; urgency: Urgency }
  | { type: 'AcknowledgementRecorded'; summonsId: string; at: Date }
  | { type: 'DeclineRecorded'; summonsId: string; at: Date; reason: string | null }
  | { type: 'ArrivalRecorded'; summonsId: string; at: Date }
  | {
      type: 'DepartmentReassigned';
      fromSummonsId: string;
      fromDepartmentId: string;
      replacement: Summons;
      reason: string;
      at: Date;
    }
  /** An operator summoned one more department mid-incident: a new summons, due by its own deadline. */
  | { type: 'SummonsAdded'; summons: Summons; reason: string; at: Date }
  /** An operator stood a department down before it arrived: no longer expected, not a miss. */
  | { type: 'SummonsStoodDown'; summonsId: string; departmentId: string; reason: string; at: Date }
  | { type: 'WhistleCompleted'; at: Date };

/** No change to the whistle's own row (the event changes one of its summons). */
const UNCHANGED: Transition<Whistle> = { when: [], set: {} };

/** An operator's change of hands: only while the whistle is open; its own row is unchanged. */
const STILL_OPEN: Transition<Whistle> = { when: [{ field: 'status', oneOf: ['open'] }], set: {} };

/** The transition table, the whistle's row: what each event writes there, and from which states. */
export function whistleTransition(event: WhistleEvent): Transition<Whistle> {
  if (event.type === 'SummonsAdded' || event.type === 'SummonsStoodDown') return STILL_OPEN;
  if (event.type !== 'WhistleCompleted') return UNCHANGED;
  return {
    when: [{ field: 'status', oneOf: ['open'] }],
    set: { status: 'completed', completedAt: event.at },
  };
}

/**
 * The transition table, a summons' row. An answer moves a summons only from the statuses the one
 * rule of a summons' life allows (libs/contracts summons-status.ts, which department enforces
 * too): from any other it changes nothing (a redelivery, an answer overtaken by a later one, an
 * arrival on a declined summons, which SPEC makes final, or a replaced summons). An arrival also
 * counts as the acknowledgement when none came first. The store writes the same table as its
 * conditional UPDATE.
 */
export function summonsTransition(
  event: WhistleEvent,
): { summonsId: string; transition: Transition<Summons> } | null {
  const from = (answer: SummonsAnswer) => [
    { field: 'status' as const, oneOf: SUMMONS_ANSWER_APPLIES_FROM[answer] },
  ];
  switch (event.type) {
    case 'AcknowledgementRecorded':
      return {
        summonsId: event.summonsId,
        transition: { when: from('acknowledged'), set: { status: 'acknowledged', acknowledgedAt: event.at } },
      };
    case 'DeclineRecorded':
      return {
        summonsId: event.summonsId,
        transition: {
          when: from('declined'),
          set: { status: 'declined', declinedAt: event.at, declineReason: event.reason },
        },
      };
    case 'ArrivalRecorded':
      return {
        summonsId: event.summonsId,
        transition: {
          when: from('arrived'),
          set: { status: 'arrived', arrivedAt: event.at, acknowledgedAt: { ifUnset: event.at } },
        },
      };
    case 'DepartmentReassigned':
      return {
        summonsId: event.fromSummonsId,
        transition: {
          when: [{ field: 'status', oneOf: ['declined'] }],
          set: { status: 'replaced', replacedBySummonsId: event.replacement.id },
        },
      };
    case 'SummonsStoodDown':
      return {
        summonsId: event.summonsId,
        transition: {
          when: [{ field: 'status', oneOf: SUMMONS_STAND_DOWN_APPLIES_FROM }],
          set: { status: 'stood_down', stoodDownAt: event.at, standDownReason: event.reason },
        },
      };
    default:
      return null;
  }
}
