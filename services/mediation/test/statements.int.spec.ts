import { uuidv7 } from '@chuishao/kernel';
import { StatementCounter, startService, waitFor, type RunningService } from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { AppModule, MEDIATION_DESCRIPTION } from '../src/app.module';
import { OpenMediation } from '../src/application/open-mediation/open-mediation.use-case';
import { DEPARTMENTS, Script } from './support';

/**
 * Round trips per unit of work, counted on real PostgreSQL: the statements a use case sends in
 * its transaction (BEGIN and COMMIT aside), as the inbox runs its handler. Only those of the use
 * case under count are seen (an async context), not the relay's or the consumers' beside it.
 */
describe('mediation: statements per unit of work', () => {
  let mediation: RunningService;
  const script = new Script(() => mediation);
  const counter = new StatementCounter();

  beforeAll(async () => {
    mediation = await startService('mediation', (config) => AppModule.forRoot(config), MEDIATION_DESCRIPTION);
    counter.install();
  });

  afterAll(async () => {
    counter.uninstall();
    await script.stop();
    await mediation?.close();
  });

  it('an opening on WhistleCompleted 2 (was 3): the case read with the holiday schedules, then the mediation with its events', async () => {
    const caseId = await script.registerCase();
    await waitFor(
      'mediation to learn the case',
      async () =>
        (await mediation.app.get(DataSource).query('SELECT 1 FROM known_cases WHERE case_id = $1', [caseId]))
          .length === 1,
    );
    const seen = await counter.statements(mediation, () =>
      mediation.app.get(OpenMediation).onWhistleCompleted({
        caseId,
        openedBy: 'whistle',
        whistleId: uuidv7(),
        mediatorId: null,
        participants: DEPARTMENTS,
        causation: { actor: { role: 'system', id: 'test' }, correlationId: caseId },
      }),
    );
    expect(seen).toHaveLength(2);
    expect(seen[0]).toContain('known_cases');
    expect(seen[0]).toContain('holiday_schedules');
  });
});
