import { uuidv7 } from '@chuishao/kernel';
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
import { CaseEventHandlers } from '../src/application/track-cases/case-events.handlers';
import { AppModule, MEDIATION_DESCRIPTION } from '../src/app.module';

/**
 * Mediation's batches of intake's case events, through its inbox on real PostgreSQL: registrations
 * only collect, so a batch of them is one statement with its inbox rows; a referral of a case
 * registered in the same batch still ends at the referral's center.
 */
describe('mediation: consumed batches of case events', () => {
  let mediation: RunningService;
  const counter = new StatementCounter();

  beforeAll(async () => {
    mediation = await startService('mediation', (config) => AppModule.forRoot(config), MEDIATION_DESCRIPTION);
    counter.install();
  });

  afterAll(async () => {
    counter.uninstall();
    await mediation?.close();
  });

  const handle = (event: EventEnvelope) => {
    const handlers = mediation.app.get(CaseEventHandlers);
    if (event.type === 'CaseReferred') return handlers.onCaseReferred(event as never);
    return handlers.onCaseRegistered(event as never);
  };
  const knownOf = async (caseId: string) =>
    (
      await mediation.app
        .get(DataSource)
        .query('SELECT center_id, parties FROM known_cases WHERE case_id = $1', [caseId])
    )[0];

  it('writes a batch of registrations in one statement', async () => {
    const [a, b] = [uuidv7(), uuidv7()];
    let outcomes: unknown;
    const sent = await counter.sent(
      async () =>
        (outcomes = await consumeAsBatch(mediation, [caseRegistered(a), caseRegistered(b)], handle)),
    );
    expect(outcomes).toEqual(['handled', 'handled']);
    expect(sent).toHaveLength(1);
    expect(await knownOf(a)).toEqual({ center_id: ANLIZHA_VILLAGE.id, parties: ['王某'] });
    expect(await knownOf(b)).toEqual({ center_id: ANLIZHA_VILLAGE.id, parties: ['王某'] });
  });

  it('ends a case registered and referred in one batch at the referral', async () => {
    const [a, b] = [uuidv7(), uuidv7()];
    const batch = [caseRegistered(a), caseReferred(a, ANLIZHA_VILLAGE, SHANGQIN_TOWN), caseRegistered(b)];
    expect(await consumeAsBatch(mediation, batch, handle)).toEqual(['handled', 'handled', 'handled']);
    expect((await knownOf(a)).center_id).toBe(SHANGQIN_TOWN.id);
    expect((await knownOf(b)).center_id).toBe(ANLIZHA_VILLAGE.id);
  });
});
