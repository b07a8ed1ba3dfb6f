import type { EventEnvelope } from '@chuishao/contracts';
import { InvalidError, NotFoundError } from '@chuishao/kernel';
import type { OutboxWriter } from '@chuishao/messaging';
import type { TransactionHost } from '@chuishao/persistence';
import { withChange, type Changed, type Summons, type SummonsChange } from '../../domain/summons';
import { assertActsFor, type Caller } from '../../domain/department-access';
import type { SummonsFacts, SummonsRepository } from '../../infrastructure/persistence/summons.repository';

export interface SummonsTransition<C extends Partial<Summons>> {
  summonsId: string;
  caller: Caller;
  /** The change asked for; throws InvalidError when the request's input is invalid. */
  change: () => SummonsChange<C>;
  /** The domain transition of a loaded summons: checks its state and the input, in its own order. */
  apply: (current: Summons) => Changed<C>;
  /** The event the transition causes, from what never changes about the summons and what it sets. */
  event: (after: SummonsFacts & C) => EventEnvelope;
}

export interface SummonsTransitionPorts {
  transactions: TransactionHost;
  summons: SummonsRepository;
  outbox: OutboxWriter;
}

/**
 * Moves a summons through one transition and appends its event. The usual request (the liaison
 * of the summoned department, valid input, a summons in a state that allows it) is ONE statement:
 * a conditional UPDATE ... RETURNING with the event's outbox and audit rows, atomic on its own, so
 * no BEGIN and COMMIT (the event is built beforehand from the summons' facts, which never change).
 * That is one round trip where a transaction took four; round trips are what bounds the
 * department under load (bench/FINDINGS.md). Anything else takes the checked path in a
 * transaction, as every request used to: load and lock, 404, 403, then the domain's 409 or 400 in
 * the domain's order. So the answers stay the same, and a refused request has written nothing.
 * Inside a caller's transaction (an Idempotency-Key) both paths join it.
 */
export async function transitionSummons<C extends Partial<Summons>>(
  ports: SummonsTransitionPorts,
  transition: SummonsTransition<C>,
): Promise<Changed<C>> {
  const { summonsId, caller } = transition;
  const change = caller.role === 'liaison' && caller.departmentId ? validChange(transition) : null;
  if (change && caller.departmentId) {
    const facts = await ports.summons.factsOf(summonsId);
    if (facts && facts.departmentId === caller.departmentId) {
      const changed = await ports.summons.changeIfWithEvents(
        summonsId,
        caller.departmentId,
        change,
        ports.outbox,
        [transition.event({ ...facts, ...change.set })],
      );
      if (changed) return withChange(changed, change);
    }
  }
  return ports.transactions.run(async (manager) => {
    const current = await ports.summons.find(summonsId, { lock: true });
    if (!current) throw new NotFoundError('SUMMONS_NOT_FOUND', `no summons with id ${summonsId}`);
    assertActsFor(caller, current); // before any change: a refusal leaves no trace
    const next = transition.apply(current);
    await ports.summons.save(next);
    await ports.outbox.append(manager, [transition.event(next)]);
    return next;
  });
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
