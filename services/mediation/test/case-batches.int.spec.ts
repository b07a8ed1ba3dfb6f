import { uuidv7 } from '@chuishao/kernel';
import {
  ANLIZHA_VILLAGE,
  ConsumedBatches,
  SHANGQIN_TOWN,
  caseReferred,
  caseRegistered,
  startService,
  type RunningService,
} from '@chuishao/testing';
import { CaseEventHandlers } from '../src/application/track-cases/case-events.handlers';
import { AppModule, MEDIATION_DESCRIPTION } from '../src/app.module';

/**
 * Mediation's batches of intake's case events, through its inbox on real PostgreSQL: registrations
 * only collect, so a batch of them is one statement with its inbox rows; a referral of a case
 * registered in the same batch still ends at the referral's center.
 */
describe('mediation: consumed batches of case events', () => {
  let mediation: RunningService;
  let batches: ConsumedBatches;

  beforeAll(async () => {
    mediation = await startService('mediation', (config) => AppModule.forRoot(config), MEDIATION_DESCRIPTION);
    batches = ConsumedBatches.start(mediation, mediation.app.get(CaseEventHandlers));
  });

  afterAll(async () => {
    batches?.stop();
    await mediation?.close();
  });

  it('writes a batch of registrations in one statement', async () => {
    const [a, b] = [uuidv7(), uuidv7()];
    const { answer, sent } = await batches.consumeCounting([caseRegistered(a), caseRegistered(b)]);
    expect(answer).toEqual(['handled', 'handled']);
    expect(sent).toHaveLength(1);
    expect(await batches.knownCase(a)).toMatchObject({ center_id: ANLIZHA_VILLAGE.id, parties: ['王某'] });
    expect(await batches.knownCase(b)).toMatchObject({ center_id: ANLIZHA_VILLAGE.id, parties: ['王某'] });
  });

  it('ends a case registered and referred in one batch at the referral', async () => {
    const [a, b] = [uuidv7(), uuidv7()];
    const batch = [caseRegistered(a), caseReferred(a, ANLIZHA_VILLAGE, SHANGQIN_TOWN), caseRegistered(b)];
    expect(await batches.consume(batch)).toEqual(['handled', 'handled', 'handled']);
    expect(await batches.knownCase(a)).toMatchObject({ center_id: SHANGQIN_TOWN.id });
    expect(await batches.knownCase(b)).toMatchObject({ center_id: ANLIZHA_VILLAGE.id });
  });
});
