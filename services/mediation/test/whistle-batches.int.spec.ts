import { uuidv7 } from '@chuishao/kernel';
import { ConsumedBatches, startService, type RunningService } from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { AppModule, MEDIATION_DESCRIPTION } from '../src/app.module';
import { WhistleEventHandlers } from '../src/application/open-mediation/whistle-events.handlers';
import { HolidayScheduleRepository } from '../src/infrastructure/persistence/holiday-schedule.repository';
import { Script } from './support';

/**
 * Mediation's batches of WhistleCompleted on real PostgreSQL: openings decided on the holiday
 * schedules as last read are one statement with their inbox rows, refused (nothing written) unless
 * the schedules still stand; a batch that needs a read or opens one case twice runs in a
 * transaction. Either way a whistle opens at most one mediation, and a case has one open at most.
 */
describe('mediation: consumed batches of completed whistles', () => {
  let mediation: RunningService;
  let batches: ConsumedBatches;
  const script = new Script(() => mediation);
  const query = (sql: string, params: unknown[] = []) => mediation.app.get(DataSource).query(sql, params);
  const transactionControl = (sql: string) => /^(START TRANSACTION|BEGIN|COMMIT|ROLLBACK)/.test(sql);
  const openedOn = async (caseId: string) =>
    (await query('SELECT whistle_id FROM mediations WHERE case_id = $1', [caseId])).map(
      (row: { whistle_id: string }) => row.whistle_id,
    );
  const openingsAudited = async (caseId: string): Promise<number> =>
    (
      await query(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'MediationOpened' AND case_id = $1`,
        [caseId],
      )
    )[0].n;

  beforeAll(async () => {
    mediation = await startService('mediation', (config) => AppModule.forRoot(config), MEDIATION_DESCRIPTION);
    batches = ConsumedBatches.start(mediation, mediation.app.get(WhistleEventHandlers));
  });

  afterAll(async () => {
    batches?.stop();
    await script.stop();
    await query('DELETE FROM holiday_schedules WHERE year = 2099').catch(() => undefined);
    await mediation?.close();
  });

  it('completions of two cases, the schedules read before, are one statement with their inbox rows: both open, each with its MediationOpened', async () => {
    await mediation.app.get(HolidayScheduleRepository).all();
    const [a, b] = [uuidv7(), uuidv7()];
    const [onA, onB] = [script.whistleCompleted(a), script.whistleCompleted(b)];
    const { answer, sent } = await batches.consumeCounting([onA, onB]);
    expect(answer).toEqual(['handled', 'handled']);
    expect(sent).toHaveLength(1);
    expect(await openedOn(a)).toEqual([onA.payload.whistleId]);
    expect(await openedOn(b)).toEqual([onB.payload.whistleId]);
    expect(await openingsAudited(a)).toBe(1);
    expect(await openingsAudited(b)).toBe(1);
  });

  it('a completion on a case under mediation writes nothing of it in the statement: no second mediation, no event', async () => {
    const caseId = uuidv7();
    const first = script.whistleCompleted(caseId);
    await batches.consume([first]);
    const { answer, sent } = await batches.consumeCounting([script.whistleCompleted(caseId)]);
    expect(answer).toEqual(['handled']);
    expect(sent).toHaveLength(1);
    expect(await openedOn(caseId)).toEqual([first.payload.whistleId]);
    expect(await openingsAudited(caseId)).toBe(1);
  });

  it('a schedule loaded since they were read refuses the statement: the batch opens in a transaction, on the schedules read again, and the next is one statement', async () => {
    const schedules = mediation.app.get(HolidayScheduleRepository);
    await schedules.all();
    await query(
      `INSERT INTO holiday_schedules (year, source, holidays, make_up_workdays, loaded_at)
       VALUES (2099, 'test', '[]', '[]', now())`,
    );
    const caseId = uuidv7();
    const { answer, sent } = await batches.consumeCounting([script.whistleCompleted(caseId)]);
    expect(answer).toEqual(['handled']);
    expect(sent.some(transactionControl)).toBe(true);
    expect(await openedOn(caseId)).toHaveLength(1);
    expect(schedules.remembered?.map((s) => s.year)).toContain(2099);
    // Read again (its time written with microseconds by now()), the next batch is one statement.
    const next = await batches.consumeCounting([script.whistleCompleted(uuidv7())]);
    expect(next.sent).toHaveLength(1);
  });

  it('two completions of one case in a batch go to a transaction: one mediation opened, by the first', async () => {
    await mediation.app.get(HolidayScheduleRepository).all();
    const caseId = uuidv7();
    const [first, second] = [script.whistleCompleted(caseId), script.whistleCompleted(caseId)];
    const { answer, sent } = await batches.consumeCounting([first, second]);
    expect(answer).toEqual(['handled', 'handled']);
    expect(sent.some(transactionControl)).toBe(true);
    expect(await openedOn(caseId)).toEqual([first.payload.whistleId]);
    expect(await openingsAudited(caseId)).toBe(1);
  });
});
