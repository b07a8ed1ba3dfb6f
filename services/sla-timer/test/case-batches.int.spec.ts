import { uuidv7 } from '@chuishao/kernel';
import { KnownCaseCentersHandlers } from '@chuishao/messaging';
import {
  ANLIZHA_VILLAGE,
  SHANGQIN_TOWN,
  StatementCounter,
  caseReferred,
  caseRegistered,
  consumeAsBatch,
  startService,
  type RunningService,
} from '@chuishao/testing';
import type { EventEnvelope } from '@chuishao/contracts';
import { DataSource } from 'typeorm';
import { AppModule, SLA_TIMER_DESCRIPTION } from '../src/app.module';

/**
 * Where sla-timer learns each case sits (libs' KnownCaseCenters, as department and
 * judicial-confirmation do), through its inbox on real PostgreSQL: registrations and referrals
 * only collect, so a batch of them is one statement with its inbox rows, and of one case's
 * placements in a batch the last one stands.
 */
describe('sla-timer: consumed batches of case placements', () => {
  let sla: RunningService;
  const counter = new StatementCounter();

  beforeAll(async () => {
    sla = await startService('sla-timer', (config) => AppModule.forRoot(config), SLA_TIMER_DESCRIPTION);
    counter.install();
  });

  afterAll(async () => {
    counter.uninstall();
    await sla?.close();
  });

  const handle = (event: EventEnvelope) => {
    const handlers = sla.app.get(KnownCaseCentersHandlers);
    if (event.type === 'CaseReferred') return handlers.onCaseReferred(event as never);
    return handlers.onCaseRegistered(event as never);
  };
  const centerOf = async (caseId: string) =>
    (await sla.app.get(DataSource).query('SELECT center_id FROM known_cases WHERE case_id = $1', [caseId]))[0]
      ?.center_id;

  it('writes a batch of registrations and referrals in one statement, the last placement of a case standing', async () => {
    const [a, b] = [uuidv7(), uuidv7()];
    const batch = [caseRegistered(a), caseReferred(a, ANLIZHA_VILLAGE, SHANGQIN_TOWN), caseRegistered(b)];
    let outcomes: unknown;
    const sent = await counter.sent(async () => (outcomes = await consumeAsBatch(sla, batch, handle)));
    expect(outcomes).toEqual(['handled', 'handled', 'handled']);
    expect(sent).toHaveLength(1);
    expect([await centerOf(a), await centerOf(b)]).toEqual([SHANGQIN_TOWN.id, ANLIZHA_VILLAGE.id]);
  });
});
