import { ConflictError, InvalidError, addSeconds } from '@chuishao/kernel';
import { assertActsFor, summonsNotFound, type Caller } from './department-access';
import { alreadyPast, type Summons } from './summons';

/**
 * A summoned department's people on the move (issue 20 item 4, as CAD systems track units):
 * between the acknowledgement and the arrival they are en route with an estimated time of arrival
 * (a later report revises it); once on site they may leave the scene. The summons' status is not
 * changed by either: the SLA runs to the arrival, and dispatch's rule of answers stays as it is.
 */
export interface Movement {
  summonsId: string;
  enRouteAt: Date | null;
  etaAt: Date | null;
  leftAt: Date | null;
}

export const MAX_ETA_MINUTES = 720;

export type MovementCommand =
  | { type: 'ReportEnRoute'; summonsId: string; caller: Caller; at: Date; etaMinutes: number }
  | { type: 'ReportDeparture'; summonsId: string; caller: Caller; at: Date };

export type MovementEvent =
  { type: 'EnRouteReported'; at: Date; etaAt: Date } | { type: 'DepartureReported'; at: Date };

export const stillAtBase = (summonsId: string): Movement => ({
  summonsId,
  enRouteAt: null,
  etaAt: null,
  leftAt: null,
});

/**
 * What a liaison's movement report comes to: 404 for a summons that is not theirs, 403 for another
 * role, 400 for an ETA out of range, 409 when the summons is not at that step.
 */
export function decideMovement(
  command: MovementCommand,
  summons: Summons | null,
  movement: Movement | null,
): MovementEvent[] {
  if (!summons) throw summonsNotFound(command.summonsId);
  assertActsFor(command.caller, summons);
  if (command.type === 'ReportEnRoute') {
    const { etaMinutes } = command;
    if (!Number.isInteger(etaMinutes) || etaMinutes < 1 || etaMinutes > MAX_ETA_MINUTES)
      throw new InvalidError('ETA_OUT_OF_RANGE', `must be 1 to ${MAX_ETA_MINUTES} minutes`, 'etaMinutes');
    if (summons.status === 'notified')
      throw new ConflictError(
        'SUMMONS_NOT_ACKNOWLEDGED',
        `summons ${summons.id} is not acknowledged yet: acknowledge it, then set off`,
      );
    if (summons.status !== 'acknowledged') throw alreadyPast(summons);
    return [{ type: 'EnRouteReported', at: command.at, etaAt: addSeconds(command.at, etaMinutes * 60) }];
  }
  if (summons.status !== 'arrived')
    throw new ConflictError('SUMMONS_NOT_ON_SITE', `summons ${summons.id} has not reported arrival`);
  if (movement?.leftAt)
    throw new ConflictError('SUMMONS_ALREADY_LEFT', `summons ${summons.id} already left the scene`);
  return [{ type: 'DepartureReported', at: command.at }];
}

export function evolveMovement(movement: Movement, event: MovementEvent): Movement {
  if (event.type === 'EnRouteReported') return { ...movement, enRouteAt: event.at, etaAt: event.etaAt };
  return { ...movement, leftAt: event.at };
}
