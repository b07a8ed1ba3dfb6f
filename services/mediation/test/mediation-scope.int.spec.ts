import {
  as,
  CENTER_OF,
  centerScopeMatrix,
  http,
  SCOPE_ITEM_CENTER,
  startService,
  waitFor,
  type RunningService,
  type ScopeRow,
} from '@chuishao/testing';
import { uuidv7 } from '@chuishao/kernel';
import { DataSource } from 'typeorm';
import { AppModule, MEDIATION_DESCRIPTION } from '../src/app.module';
import { AS_MEDIATOR, MEDIATOR, PARTIES, Script } from './support';

/**
 * Reading a mediation keeps to the reader's post: an operator or a supervisor reads the
 * mediations of the cases of their center and below, a mediator those in their charge (or not yet
 * taken), ops every one. Out of reach, a mediation answers 404 as if it did not exist, and the
 * lists (all mediations, a case's mediations) leave it out.
 */
describe('mediation: reads within the reader’s reach', () => {
  let mediation: RunningService;
  const script = new Script(() => mediation);
  let caseId = '';
  let mediationId = '';
  const get = (path: string, headers: Record<string, string>) =>
    http(mediation.baseUrl, 'GET', path, undefined, headers);

  /** What the reader learns of the mediation: the page, and whether each list shows it. */
  async function seen(headers: Record<string, string>) {
    const page = await get(`/mediations/${mediationId}`, headers);
    const list = await get('/mediations', headers);
    const ofCase = await get(`/cases/${caseId}/mediations`, headers);
    const has = (body: { items: Array<{ id: string }> }) => body.items.some((m) => m.id === mediationId);
    return { page: page.status, code: page.body?.code, inList: has(list.body), inCaseList: has(ofCase.body) };
  }
  const visible = { page: 200, code: undefined, inList: true, inCaseList: true };
  const hidden = { page: 404, code: 'MEDIATION_NOT_FOUND', inList: false, inCaseList: false };

  beforeAll(async () => {
    mediation = await startService('mediation', (config) => AppModule.forRoot(config), MEDIATION_DESCRIPTION);
    caseId = await script.registerCase(PARTIES, {
      id: SCOPE_ITEM_CENTER,
      name: 'Shangqin',
      tier: 'town',
      path: [CENTER_OF.parent, SCOPE_ITEM_CENTER],
    });
    await waitFor(
      'mediation to learn the case with its center path',
      async () =>
        (
          await mediation.app
            .get(DataSource)
            .query('SELECT 1 FROM known_cases WHERE case_id = $1 AND center_path IS NOT NULL', [caseId])
        ).length === 1,
    );
    const opened = await http(
      mediation.baseUrl,
      'POST',
      `/cases/${caseId}/mediations`,
      {},
      { ...AS_MEDIATOR, 'idempotency-key': uuidv7() },
    );
    expect({ status: opened.status, mediatorId: opened.body.mediatorId }).toEqual({
      status: 201,
      mediatorId: MEDIATOR.subject,
    });
    mediationId = opened.body.id;
  });

  afterAll(async () => {
    await script.stop();
    await mediation?.close();
  });

  it.each(centerScopeMatrix(['operator', 'supervisor']).map((row) => [row.title, row] as const))(
    '%s',
    async (_title, row: ScopeRow) => {
      expect(await seen(as(row.caller))).toEqual(row.inScope ? visible : hidden);
    },
  );

  it('shows the mediator in charge their mediation, and hides it from another mediator', async () => {
    expect(await seen(AS_MEDIATOR)).toEqual(visible);
    expect(await seen(as({ role: 'mediator', subject: 'mediator-li' }))).toEqual(hidden);
  });

  it('shows ops and the network’s own supervision (no center) every mediation', async () => {
    expect(await seen(as('ops'))).toEqual(visible);
    expect(await seen(as({ role: 'supervisor', subject: 'network-supervisor' }))).toEqual(visible);
  });
});
