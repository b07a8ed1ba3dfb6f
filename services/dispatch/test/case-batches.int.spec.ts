import { uuidv7 } from '@chuishao/kernel';
import {
  ANLIZHA_VILLAGE,
  ConsumedBatches,
  SHANGQIN_TOWN,
  caseClosed,
  caseReferred,
  caseRegistered,
  type RunningService,
} from '@chuishao/testing';
import { CaseEventHandlers } from '../src/application/track-cases/case-events.handlers';
import { startDirectoryStandIn, startDispatch, type DirectoryStandIn } from './support/fixtures';

/**
 * Dispatch's batches of intake's case events, through its inbox on real PostgreSQL: registrations
 * only collect, so a batch of them is one statement with its inbox rows; a referral or a closing
 * of a case registered in the same batch still has its effect on it.
 */
describe('dispatch: consumed batches of case events', () => {
  let directory: DirectoryStandIn;
  let dispatch: RunningService;
  let batches: ConsumedBatches;

  beforeAll(async () => {
    directory = await startDirectoryStandIn({ departments: () => [], refusesBadTokenWith: 'bare-401' });
    dispatch = await startDispatch(directory);
    batches = ConsumedBatches.start(dispatch, dispatch.app.get(CaseEventHandlers));
  });

  afterAll(async () => {
    batches?.stop();
    await dispatch?.close();
    await directory?.close();
  });

  it('writes a batch of registrations in one statement', async () => {
    const [a, b] = [uuidv7(), uuidv7()];
    const { answer, sent } = await batches.consumeCounting([caseRegistered(a), caseRegistered(b)]);
    expect(answer).toEqual(['handled', 'handled']);
    expect(sent).toHaveLength(1);
    expect(await batches.knownCase(a)).toMatchObject({ center_id: ANLIZHA_VILLAGE.id, closed: false });
    expect(await batches.knownCase(b)).toMatchObject({ center_id: ANLIZHA_VILLAGE.id, closed: false });
  });

  it('ends a case registered and referred in one batch at the referral', async () => {
    const [a, b] = [uuidv7(), uuidv7()];
    const batch = [caseRegistered(a), caseReferred(a, ANLIZHA_VILLAGE, SHANGQIN_TOWN), caseRegistered(b)];
    expect(await batches.consume(batch)).toEqual(['handled', 'handled', 'handled']);
    expect(await batches.knownCase(a)).toMatchObject({ center_id: SHANGQIN_TOWN.id });
    expect(await batches.knownCase(b)).toMatchObject({ center_id: ANLIZHA_VILLAGE.id });
  });

  it('closes a case registered and closed in one batch', async () => {
    const [a, b] = [uuidv7(), uuidv7()];
    const batch = [caseRegistered(a), caseClosed(a), caseRegistered(b)];
    expect(await batches.consume(batch)).toEqual(['handled', 'handled', 'handled']);
    expect(await batches.knownCase(a)).toMatchObject({ closed: true });
    expect(await batches.knownCase(b)).toMatchObject({ closed: false });
  });
});
