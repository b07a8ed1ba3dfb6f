import { uuidv7 } from '@chuishao/kernel';
import {
  ANLIZHA_VILLAGE,
  SHANGQIN_TOWN,
  StatementCounter,
  caseReferred,
  caseRegistered,
  consumeAsBatch,
  type RunningService,
} from '@chuishao/testing';
import type { EventEnvelope } from '@chuishao/contracts';
import { DataSource } from 'typeorm';
import { CaseEventHandlers } from '../src/application/track-cases/case-events.handlers';
import { startDirectoryStandIn, startDispatch, type DirectoryStandIn } from './support/fixtures';

/**
 * Dispatch's batches of intake's case events, through its inbox on real PostgreSQL: registrations
 * only collect, so a batch of them is one statement with its inbox rows; a referral of a case
 * registered in the same batch still ends at the referral's center.
 */
describe('dispatch: consumed batches of case events', () => {
  let directory: DirectoryStandIn;
  let dispatch: RunningService;
  const counter = new StatementCounter();

  beforeAll(async () => {
    directory = await startDirectoryStandIn({ departments: () => [], refusesBadTokenWith: 'bare-401' });
    dispatch = await startDispatch(directory);
    counter.install();
  });

  afterAll(async () => {
    counter.uninstall();
    await dispatch?.close();
    await directory?.close();
  });

  const handle = (event: EventEnvelope) => {
    const handlers = dispatch.app.get(CaseEventHandlers);
    if (event.type === 'CaseReferred') return handlers.onCaseReferred(event as never);
    return handlers.onCaseRegistered(event as never);
  };
  const centerOf = async (caseId: string) =>
    (
      await dispatch.app
        .get(DataSource)
        .query('SELECT center_id FROM known_cases WHERE case_id = $1', [caseId])
    )[0]?.center_id;

  it('writes a batch of registrations in one statement', async () => {
    const [a, b] = [uuidv7(), uuidv7()];
    let outcomes: unknown;
    const sent = await counter.sent(
      async () => (outcomes = await consumeAsBatch(dispatch, [caseRegistered(a), caseRegistered(b)], handle)),
    );
    expect(outcomes).toEqual(['handled', 'handled']);
    expect(sent).toHaveLength(1);
    expect([await centerOf(a), await centerOf(b)]).toEqual([ANLIZHA_VILLAGE.id, ANLIZHA_VILLAGE.id]);
  });

  it('ends a case registered and referred in one batch at the referral', async () => {
    const [a, b] = [uuidv7(), uuidv7()];
    const batch = [caseRegistered(a), caseReferred(a, ANLIZHA_VILLAGE, SHANGQIN_TOWN), caseRegistered(b)];
    expect(await consumeAsBatch(dispatch, batch, handle)).toEqual(['handled', 'handled', 'handled']);
    expect([await centerOf(a), await centerOf(b)]).toEqual([SHANGQIN_TOWN.id, ANLIZHA_VILLAGE.id]);
  });
});
