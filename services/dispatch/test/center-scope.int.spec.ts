import { uuidv7 } from '@chuishao/kernel';
import {
  as,
  CENTER_OF,
  centerScopeMatrix,
  http,
  RawProducer,
  SCOPE_ITEM_CENTER,
  type RunningService,
} from '@chuishao/testing';
import { type DirectoryStandIn, registerCase, startTownDispatch, writableState } from './support/fixtures';

/**
 * An operator and a supervisor work on the cases of their center and every center below it
 * (dispatch learns each case's center path from CaseRegistered). A whistle or case elsewhere
 * answers 404 and is left out of lists; a refused whistle or reassignment changes nothing.
 */
describe('dispatch: whistles within the center tree', () => {
  let dispatch: RunningService;
  let directory: DirectoryStandIn;
  const raw = new RawProducer(process.env.KAFKA_BROKERS!);
  const district = as({ role: 'operator', subject: 'op-district', centerId: CENTER_OF.parent });
  const town = as({ role: 'operator', subject: 'op-town', centerId: SCOPE_ITEM_CENTER });
  const ids = { caseWithWhistle: '', freshCase: '', whistleId: '' };

  const townCase = () =>
    registerCase(dispatch, raw, {
      caseNoPrefix: 'SQT-',
      readAs: district,
      center: {
        id: SCOPE_ITEM_CENTER,
        name: 'Shangqin',
        tier: 'town',
        path: [CENTER_OF.parent, SCOPE_ITEM_CENTER],
      },
    });
  const state = () => writableState(dispatch, { countKnownCases: true });

  beforeAll(async () => {
    ({ dispatch, directory } = await startTownDispatch());
    ids.caseWithWhistle = await townCase();
    ids.freshCase = await townCase();
    const blown = await http(dispatch.baseUrl, 'POST', `/cases/${ids.caseWithWhistle}/whistles`, {}, town);
    expect(blown.status).toBe(201);
    ids.whistleId = blown.body.id;
  });

  afterAll(async () => {
    await raw.stop();
    await dispatch?.close();
    directory?.close();
  });

  it.each(centerScopeMatrix(['operator', 'supervisor']).map((row) => [row.title, row] as const))(
    '%s',
    async (_title, row) => {
      const caller = as(row.caller);
      const expected = row.inScope ? 200 : 404;
      const ofCase = await http(
        dispatch.baseUrl,
        'GET',
        `/cases/${ids.caseWithWhistle}/whistles`,
        undefined,
        caller,
      );
      expect(ofCase.status).toBe(expected);
      const suggestion = await http(
        dispatch.baseUrl,
        'GET',
        `/cases/${ids.caseWithWhistle}/routing-suggestion`,
        undefined,
        caller,
      );
      expect(suggestion.status).toBe(expected);
      const whistle = await http(dispatch.baseUrl, 'GET', `/whistles/${ids.whistleId}`, undefined, caller);
      expect(whistle.status).toBe(expected);
      if (!row.inScope) expect(whistle.body).toMatchObject({ code: 'WHISTLE_NOT_FOUND' });
      const list = await http(dispatch.baseUrl, 'GET', '/whistles?limit=200', undefined, caller);
      expect(list.status).toBe(200);
      expect((list.body.items as Array<{ id: string }>).some((w) => w.id === ids.whistleId)).toBe(
        row.inScope,
      );
    },
  );

  it('an operator below or beside the case cannot whistle, reassign, add or stand down on it: 404, nothing changed', async () => {
    const before = await state();
    for (const relation of ['child', 'sibling'] as const) {
      const caller = {
        ...as({ role: 'operator', subject: `op-${relation}`, centerId: CENTER_OF[relation] }),
        'idempotency-key': uuidv7(),
      };
      const blown = await http(dispatch.baseUrl, 'POST', `/cases/${ids.freshCase}/whistles`, {}, caller);
      expect({ status: blown.status, code: blown.body.code }).toEqual({
        status: 404,
        code: 'CASE_NOT_FOUND',
      });
      const reassigned = await http(
        dispatch.baseUrl,
        'POST',
        `/whistles/${ids.whistleId}/reassign`,
        {
          fromDepartmentId: 'shangqin-town-government',
          toDepartmentId: 'shangqin-police-station',
          reason: 'no staff on duty',
        },
        { ...caller, 'idempotency-key': uuidv7() },
      );
      expect({ status: reassigned.status, code: reassigned.body.code }).toEqual({
        status: 404,
        code: 'WHISTLE_NOT_FOUND',
      });
      const whistle = await http(dispatch.baseUrl, 'GET', `/whistles/${ids.whistleId}`, undefined, district);
      const added = await http(
        dispatch.baseUrl,
        'POST',
        `/whistles/${ids.whistleId}/summons`,
        { departmentId: 'shangqin-police-station', reason: 'more hands' },
        { ...caller, 'idempotency-key': uuidv7() },
      );
      const stoodDown = await http(
        dispatch.baseUrl,
        'POST',
        `/whistles/${ids.whistleId}/summons/${whistle.body.summons[0].id}/stand-down`,
        { reason: 'no longer needed' },
        { ...caller, 'idempotency-key': uuidv7() },
      );
      for (const refused of [added, stoodDown])
        expect({ status: refused.status, code: refused.body.code }).toEqual({
          status: 404,
          code: 'WHISTLE_NOT_FOUND',
        });
    }
    expect(await state()).toEqual(before);
    const own = await http(dispatch.baseUrl, 'POST', `/cases/${ids.freshCase}/whistles`, {}, district);
    expect(own.status).toBe(201);
  });
});
