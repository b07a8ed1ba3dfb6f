import {
  as,
  CENTER_OF,
  centerScopeMatrix,
  http,
  SCOPE_ITEM_CENTER,
  startService,
  type RunningService,
} from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { AppModule, INTAKE_DESCRIPTION } from '../src/app.module';

/**
 * A person acts within their post: a clerk registers and reads the cases of their own center; an
 * operator and a supervisor those of their center and every center below it. A case elsewhere
 * answers 404 (never confirming it exists) and is left out of lists; nothing changes on a refusal.
 */
const registration = (centerId: string) => ({
  centerId,
  channel: 'walk_in',
  disputeType: 'neighbour',
  summary: 'Two neighbours dispute a wall between their yards.',
  headcount: 2,
  urgency: 'normal',
  parties: [{ role: 'applicant', name: '王某', idNumber: '620702198001011234', phone: '13912345678' }],
});

describe('intake: cases within the center tree', () => {
  let intake: RunningService;
  let caseId = '';
  const townClerk = as({ role: 'clerk', subject: 'clerk-town', centerId: SCOPE_ITEM_CENTER });

  const state = async () =>
    (
      await intake.app.get(DataSource).query(`
        SELECT (SELECT count(*)::int FROM cases) AS cases,
               (SELECT count(*)::int FROM cases WHERE status = 'closed') AS closed,
               (SELECT count(*)::int FROM outbox) AS outbox,
               (SELECT count(*)::int FROM idempotency_keys) AS idempotency_keys,
               (SELECT count(*)::int FROM audit_log) AS audit_log`)
    )[0];

  beforeAll(async () => {
    intake = await startService('intake', (config) => AppModule.forRoot(config), INTAKE_DESCRIPTION);
    const registered = await http(
      intake.baseUrl,
      'POST',
      '/cases',
      registration(SCOPE_ITEM_CENTER),
      townClerk,
    );
    expect(registered.status).toBe(201);
    caseId = registered.body.id;
  });
  afterAll(() => intake?.close());

  it.each(centerScopeMatrix().map((row) => [row.title, row] as const))('%s', async (_title, row) => {
    const caller = as(row.caller);
    const one = await http(intake.baseUrl, 'GET', `/cases/${caseId}`, undefined, caller);
    expect(one.status).toBe(row.inScope ? 200 : 404);
    if (!row.inScope) expect(one.body).toMatchObject({ code: 'CASE_NOT_FOUND' });
    const list = await http(intake.baseUrl, 'GET', '/cases?limit=200', undefined, caller);
    expect(list.status).toBe(200);
    const ids = (list.body.items as Array<{ id: string; centerId: string }>).map((c) => c.id);
    expect(ids.includes(caseId)).toBe(row.inScope);
    if (row.role === 'supervisor') {
      const audit = await http(intake.baseUrl, 'GET', `/cases/${caseId}/audit`, undefined, caller);
      expect(audit.status).toBe(row.inScope ? 200 : 404);
    }
  });

  it('lists only cases of centers in scope, for every scoped caller', async () => {
    for (const row of centerScopeMatrix()) {
      const list = await http(intake.baseUrl, 'GET', '/cases?limit=200', undefined, as(row.caller));
      const centers = new Set((list.body.items as Array<{ centerId: string }>).map((c) => c.centerId));
      if (row.role === 'clerk') expect([...centers].every((c) => c === row.caller.centerId)).toBe(true);
      if (row.relation === 'child' || row.relation === 'sibling')
        expect(centers.has(SCOPE_ITEM_CENTER)).toBe(false);
    }
  });

  it('a clerk registers at their own center only: 403 naming centerId elsewhere, nothing written', async () => {
    const before = await state();
    for (const center of [CENTER_OF.parent, CENTER_OF.child, CENTER_OF.sibling]) {
      const response = await http(intake.baseUrl, 'POST', '/cases', registration(center), townClerk);
      expect(response.status).toBe(403);
      expect(response.body).toMatchObject({ code: 'CENTER_OUT_OF_SCOPE' });
      expect(JSON.stringify(response.body)).toContain('centerId');
    }
    expect(await state()).toEqual(before);
  });

  it('a clerk closes cases of their own center only: 404 elsewhere, nothing changed', async () => {
    const before = await state();
    for (const relation of ['parent', 'child', 'sibling'] as const) {
      const caller = as({ role: 'clerk', subject: `clerk-${relation}`, centerId: CENTER_OF[relation] });
      const response = await http(
        intake.baseUrl,
        'POST',
        `/cases/${caseId}/close`,
        { reason: 'not mine' },
        caller,
      );
      expect(response.status).toBe(404);
    }
    expect(await state()).toEqual(before);
    const own = await http(
      intake.baseUrl,
      'POST',
      `/cases/${caseId}/close`,
      { reason: 'resolved' },
      townClerk,
    );
    expect(own.status).toBe(200);
  });
});
