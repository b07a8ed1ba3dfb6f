import type { Transition } from '@chuishao/kernel';
import {
  SUMMONS_ANSWER_APPLIES_FROM,
  SUMMONS_STAND_DOWN_APPLIES_FROM,
  type SummonsAnswer,
} from '@chuishao/contracts';
import type { ArrivalLocation, Summons } from './summons';

/**
 * What happens to a summons in department (the Summons decider's events), and the transition
 * table: what each answer writes and from which states. `evolve` applies it in memory; the
 * one-statement fast path's conditional UPDATE is generated from the same table
 * (persistence `transitionSql`), so no rule is restated in SQL.
 *
 * An answer names the department that gave it (the liaison's): a summons only moves for its own
 * department, which the table says too, so the conditional UPDATE cannot write another
 * department's summons.
 */
export type SummonsEvent =
  | { type: 'SummonsNotified'; summons: Summons }
  | { type: 'SummonsAcknowledged'; summonsId: string; departmentId: string; at: Date }
  | {
      type: 'ArrivalReported';
      summonsId: string;
      departmentId: string;
      at: Date;
      /** Trimmed; null when blank. */
      note: string | null;
      location: ArrivalLocation | null;
    }
  | { type: 'SummonsDeclined'; summonsId: string; departmentId: string; at: Date; reason: string }
  /** Dispatch's operator stood the department down (SummonsStoodDown): not a liaison's answer. */
  | { type: 'SummonsStoodDown'; summonsId: string; at: Date; reason: string };

/** An event that answers an existing summons (a liaison's: not its notification, not a stand-down). */
export type SummonsAnswered = Exclude<SummonsEvent, { type: 'SummonsNotified' | 'SummonsStoodDown' }>;

/** The answer each event gives, for the shared rule of a summons' life (libs/contracts). */
export const ANSWER_OF: Record<SummonsAnswered['type'], SummonsAnswer> = {
  SummonsAcknowledged: 'acknowledged',
  ArrivalReported: 'arrived',
  SummonsDeclined: 'declined',
};

/** A notification creates the summons: there is no row to guard or to write over. */
const CREATES: Transition<Summons> = { when: [], set: {} };

/**
 * The transition table. An answer moves a summons only from the statuses libs/contracts'
 * summons-status.ts allows (dispatch follows the same rule), and only the department's own.
 * An arrival does not stamp the acknowledgement: department keeps what the liaison said.
 */
export function summonsTransition(event: SummonsEvent): Transition<Summons> {
  if (event.type === 'SummonsNotified') return CREATES;
  if (event.type === 'SummonsStoodDown')
    return {
      when: [{ field: 'status', oneOf: SUMMONS_STAND_DOWN_APPLIES_FROM }],
      set: { status: 'stood_down', stoodDownAt: event.at, standDownReason: event.reason },
    };
  const when: Transition<Summons>['when'] = [
    { field: 'status', oneOf: SUMMONS_ANSWER_APPLIES_FROM[ANSWER_OF[event.type]] },
    { field: 'departmentId', oneOf: [event.departmentId] },
  ];
  switch (event.type) {
    case 'SummonsAcknowledged':
      return { when, set: { status: 'acknowledged', acknowledgedAt: event.at } };
    case 'ArrivalReported':
      return {
        when,
        set: {
          status: 'arrived',
          arrivedAt: event.at,
          arrivalNote: event.note,
          arrivalLocation: event.location,
        },
      };
    case 'SummonsDeclined':
      return { when, set: { status: 'declined', declinedAt: event.at, declineReason: event.reason } };
  }
}
