import { uuidv7 } from '@chuishao/kernel';
import { as, http, startService, waitFor, type RunningService } from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { AppModule, MEDIATION_DESCRIPTION } from '../src/app.module';
import { AS_MEDIATOR, MEDIATOR, Script, agreementBody, sessionBody } from './support';

/**
 * A mediation has a mediator in charge: only they (or a supervisor whose centers reach the case)
 * record sessions, the agreement or a failure. Anyone else gets 404, as if it did not exist, and
 * nothing changes. The case is at anlizha-village (ganzhou-district → shangqin-town → anlizha-village).
 */

const OTHER_MEDIATOR = as({ role: 'mediator', subject: 'mediator-li' });
const SIBLING_SUPERVISOR = as({ role: 'supervisor', subject: 'supervisor-x', centerId: 'xinzhuang-village' });
const OTHER_TOWN_SUPERVISOR = as({ role: 'supervisor', subject: 'supervisor-y', centerId: 'other-town' });
const TOWN_SUPERVISOR = as({ role: 'supervisor', subject: 'supervisor-t', centerId: 'shangqin-town' });
const DISTRICT_SUPERVISOR = as({ role: 'supervisor', subject: 'supervisor-d', centerId: 'ganzhou-district' });

const CHANGES = [
  { name: 'a session', path: (id: string) => `/mediations/${id}/sessions`, body: sessionBody('情') },
  { name: 'the agreement', path: (id: string) => `/mediations/${id}/agreement`, body: agreementBody() },
  { name: 'a failure', path: (id: string) => `/mediations/${id}/fail`, body: { reason: 'not theirs' } },
];

const OUTSIDERS = [
  { name: 'another mediator', headers: OTHER_MEDIATOR },
  { name: "a supervisor of a sibling village's center", headers: SIBLING_SUPERVISOR },
  { name: 'a supervisor of another town', headers: OTHER_TOWN_SUPERVISOR },
];

describe('the mediator in charge', () => {
  let mediation: RunningService;
  const script = new Script(() => mediation);
  let mediationId: string;

  async function state() {
    const [row] = await mediation.app.get(DataSource).query(`
      SELECT (SELECT count(*)::int FROM outbox) AS outbox,
             (SELECT count(*)::int FROM mediation_sessions) AS sessions,
             (SELECT count(*)::int FROM agreements) AS agreements,
             (SELECT count(*)::int FROM idempotency_keys) AS idempotency_keys,
             (SELECT md5(string_agg(id::text || ':' || state || ':' || coalesce(mediator_id, '-') || ':' ||
                session_count, '|' ORDER BY id)) FROM mediations) AS digest`);
    return row as Record<string, number | string>;
  }

  const post = (path: string, body: unknown, headers: Record<string, string>) =>
    http(mediation.baseUrl, 'POST', path, body, { ...headers, 'idempotency-key': uuidv7() });

  beforeAll(async () => {
    mediation = await startService('mediation', (config) => AppModule.forRoot(config), MEDIATION_DESCRIPTION);
    const caseId = await script.registerCase();
    await waitFor(
      'mediation to learn the case with its center path',
      async () =>
        (
          await mediation.app
            .get(DataSource)
            .query('SELECT 1 FROM known_cases WHERE case_id = $1 AND center_path IS NOT NULL', [caseId])
        ).length === 1,
    );
    const opened = await post(`/cases/${caseId}/mediations`, {}, AS_MEDIATOR);
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

  const refusals = OUTSIDERS.flatMap((who) => CHANGES.map((change) => ({ ...change, who })));

  it.each(refusals)('refuses $who.name $name with 404 and changes nothing', async ({ who, path, body }) => {
    const before = await state();
    const response = await post(path(mediationId), body, who.headers);
    expect({ status: response.status, code: response.body?.code }).toEqual({
      status: 404,
      code: 'MEDIATION_NOT_FOUND',
    });
    expect(await state()).toEqual(before);
  });

  it('lets the mediator in charge record a session', async () => {
    const response = await post(`/mediations/${mediationId}/sessions`, sessionBody('情'), AS_MEDIATOR);
    expect({ status: response.status, mediatorId: response.body.mediatorId }).toEqual({
      status: 201,
      mediatorId: MEDIATOR.subject,
    });
  });

  it("lets a supervisor of the case's town step in without taking the mediation over", async () => {
    const response = await post(`/mediations/${mediationId}/sessions`, sessionBody('理'), TOWN_SUPERVISOR);
    expect(response.status).toBe(201);
    const read = await http(mediation.baseUrl, 'GET', `/mediations/${mediationId}`, undefined, AS_MEDIATOR);
    expect({ mediatorId: read.body.mediatorId, sessions: read.body.sessions.length }).toEqual({
      mediatorId: MEDIATOR.subject,
      sessions: 2,
    });
  });

  it("lets a supervisor of the case's district record the agreement", async () => {
    const response = await post(`/mediations/${mediationId}/agreement`, agreementBody(), DISTRICT_SUPERVISOR);
    expect(response.status).toBe(201);
  });

  it('lets the first mediator to act take an untaken mediation, and then only them', async () => {
    const caseId = await script.registerCase();
    await script.send(script.whistleCompleted(caseId), 'whistles');
    const untaken = await waitFor('the whistle to open a mediation nobody has taken', async () => {
      const rows = await mediation.app
        .get(DataSource)
        .query('SELECT id, mediator_id FROM mediations WHERE case_id = $1', [caseId]);
      return rows.length === 1 && rows[0];
    });
    expect(untaken.mediator_id).toBeNull();
    const taken = await post(`/mediations/${untaken.id}/sessions`, sessionBody('情'), OTHER_MEDIATOR);
    expect({ status: taken.status, mediatorId: taken.body.mediatorId }).toEqual({
      status: 201,
      mediatorId: 'mediator-li',
    });
    const before = await state();
    const refused = await post(`/mediations/${untaken.id}/fail`, { reason: 'not theirs' }, AS_MEDIATOR);
    expect({ status: refused.status, code: refused.body.code }).toEqual({
      status: 404,
      code: 'MEDIATION_NOT_FOUND',
    });
    expect(await state()).toEqual(before);
  });
});
