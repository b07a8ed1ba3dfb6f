import { InvalidError, NotFoundError } from '@chuishao/kernel';
import { withChange, type Changed, type Summons, type SummonsChange } from '../../domain/summons';
import { assertActsFor, type Caller } from '../../domain/department-access';
import type { SummonsRepository } from '../../infrastructure/persistence/summons.repository';

export interface SummonsTransition<C extends Partial<Summons>> {
  summonsId: string;
  caller: Caller;
  /** The change asked for; throws InvalidError when the request's input is invalid. */
  change: () => SummonsChange<C>;
  /** The domain transition of a loaded summons: checks its state and the input, in its own order. */
  apply: (current: Summons) => Changed<C>;
}

/**
 * Moves a summons through one transition, inside the caller's transaction. The usual request (the
 * liaison of the summoned department, valid input, a summons in a state that allows it) is one
 * conditional UPDATE ... RETURNING: lock, checks and write in one round trip instead of
 * SELECT ... FOR UPDATE then UPDATE. Anything else takes the checked path, which is what every
 * request used to do: load and lock, 404, 403, then the domain's 409 or 400 in the domain's order.
 * So the answers stay the same, and a refused request has still written nothing.
 */
export async function transitionSummons<C extends Partial<Summons>>(
  summons: SummonsRepository,
  transition: SummonsTransition<C>,
): Promise<Changed<C>> {
  const { summonsId, caller } = transition;
  const change = caller.role === 'liaison' && caller.departmentId ? validChange(transition) : null;
  if (change && caller.departmentId) {
    const changed = await summons.changeIf(summonsId, caller.departmentId, change);
    if (changed) return withChange(changed, change);
  }
  const current = await summons.find(summonsId, { lock: true });
  if (!current) throw new NotFoundError('SUMMONS_NOT_FOUND', `no summons with id ${summonsId}`);
  assertActsFor(caller, current); // before any change: a refusal leaves no trace
  const next = transition.apply(current);
  await summons.save(next);
  return next;
}

/** Invalid input is left to the checked path: a 404 or 403 may have to come first. */
function validChange<C extends Partial<Summons>>(transition: SummonsTransition<C>): SummonsChange<C> | null {
  try {
    return transition.change();
  } catch (error) {
    if (error instanceof InvalidError) return null;
    throw error;
  }
}
