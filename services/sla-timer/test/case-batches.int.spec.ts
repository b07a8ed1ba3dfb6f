import { uuidv7 } from '@chuishao/kernel';
import { KnownCaseCentersHandlers } from '@chuishao/messaging';
import {
  ANLIZHA_VILLAGE,
  ConsumedBatches,
  SHANGQIN_TOWN,
  caseReferred,
  caseRegistered,
  startService,
  type RunningService,
} from '@chuishao/testing';
import { AppModule, SLA_TIMER_DESCRIPTION } from '../src/app.module';

/**
 * Where sla-timer learns each case sits (libs' KnownCaseCenters, as department and
 * judicial-confirmation do), through its inbox on real PostgreSQL: registrations and referrals
 * only collect, so a batch of them is one statement with its inbox rows, and of one case's
 * placements in a batch the last one stands.
 */
describe('sla-timer: consumed batches of case placements', () => {
  let sla: RunningService;
  let batches: ConsumedBatches;

  beforeAll(async () => {
    sla = await startService('sla-timer', (config) => AppModule.forRoot(config), SLA_TIMER_DESCRIPTION);
    batches = ConsumedBatches.start(sla, sla.app.get(KnownCaseCentersHandlers));
  });

  afterAll(async () => {
    batches?.stop();
    await sla?.close();
  });

  it('writes a batch of registrations and referrals in one statement, the last placement of a case standing', async () => {
    const [a, b] = [uuidv7(), uuidv7()];
    const batch = [caseRegistered(a), caseReferred(a, ANLIZHA_VILLAGE, SHANGQIN_TOWN), caseRegistered(b)];
    const { answer, sent } = await batches.consumeCounting(batch);
    expect(answer).toEqual(['handled', 'handled', 'handled']);
    expect(sent).toHaveLength(1);
    expect(await batches.knownCase(a)).toMatchObject({ center_id: SHANGQIN_TOWN.id });
    expect(await batches.knownCase(b)).toMatchObject({ center_id: ANLIZHA_VILLAGE.id });
  });
});
