import { uuidv7 } from '@chuishao/kernel';
import {
  as,
  CENTER_OF,
  centerScopeMatrix,
  http,
  SCOPE_ITEM_CENTER,
  SseClient,
  startService,
  streamTicket,
  waitFor,
  type RunningService,
  type ScopeRow,
} from '@chuishao/testing';
import { AppModule, OPS_CONSOLE_DESCRIPTION } from '../src/app.module';
import { Script } from './support';

interface Board {
  whistles: Array<{ whistleId: string }>;
  escalations: Array<{ escalationId: string }>;
  breaches: Array<{ breachId: string }>;
}

/**
 * Everything the console shows of a case is shown only to an operator or a supervisor whose
 * center is the case's or one above it: its page (timeline) answers 404 elsewhere, and the case
 * list, the board (and its live stream) and the scorecards leave it out.
 */
describe('ops-console: cases within the center tree', () => {
  let consoleService: RunningService;
  const script = new Script(() => consoleService);
  const departmentId = `scope-dept-${uuidv7().slice(-8)}`;
  const ids = { caseId: '', whistleId: '', breachId: '', escalationId: '' };
  const get = (path: string, headers: Record<string, string>) =>
    http(consoleService.baseUrl, 'GET', path, undefined, headers);

  /** What of the case a board shows, whichever way it came. */
  const seenOn = (board: Board) => ({
    whistle: board.whistles.some((w) => w.whistleId === ids.whistleId),
    escalation: board.escalations.some((e) => e.escalationId === ids.escalationId),
    breach: board.breaches.some((b) => b.breachId === ids.breachId),
  });
  const all = (inScope: boolean) => ({ whistle: inScope, escalation: inScope, breach: inScope });

  beforeAll(async () => {
    consoleService = await startService(
      'ops-console',
      (config) => AppModule.forRoot(config),
      OPS_CONSOLE_DESCRIPTION,
    );
    ({ caseId: ids.caseId } = await script.registerCase(undefined, {
      id: SCOPE_ITEM_CENTER,
      name: '上犹镇',
      tier: 'town',
      path: [CENTER_OF.parent, SCOPE_ITEM_CENTER],
    }));
    const deadline = new Date(Date.now() + 600_000);
    const whistle = await script.blow(ids.caseId, deadline, [[departmentId, '范围部门']]);
    ids.whistleId = whistle.whistleId;
    Object.assign(ids, await script.breach(ids.caseId, whistle.whistleId, whistle.summons[0]!, deadline));
    await waitFor('the whole case on the board of ops', async () => {
      const board = await get('/api/board', as('ops'));
      return board.status === 200 && Object.values(seenOn(board.body)).every(Boolean);
    });
  });

  afterAll(async () => {
    await script.stop();
    await consoleService?.close();
  });

  const rows = centerScopeMatrix(['operator', 'supervisor']).map((row) => [row.title, row] as const);

  it.each(rows)('case page and case list: %s', async (_title, row: ScopeRow) => {
    const caller = as(row.caller);
    const page = await get(`/api/cases/${ids.caseId}`, caller);
    expect(page.status).toBe(row.inScope ? 200 : 404);
    if (!row.inScope) expect(page.body).toMatchObject({ code: 'CASE_NOT_FOUND' });
    else expect(page.body.timeline.length).toBeGreaterThan(0);
    const list = await get('/api/cases', caller);
    expect(list.status).toBe(200);
    expect((list.body.items as Array<{ caseId: string }>).some((c) => c.caseId === ids.caseId)).toBe(
      row.inScope,
    );
  });

  it.each(rows)('board and scorecards: %s', async (_title, row: ScopeRow) => {
    const caller = as(row.caller);
    const board = await get('/api/board', caller);
    expect(board.status).toBe(200);
    expect(seenOn(board.body)).toEqual(all(row.inScope));
    for (const groupBy of ['department', 'center']) {
      const cards = await get(`/api/scorecards?groupBy=${groupBy}`, caller);
      expect(cards.status).toBe(200);
      const groups = (cards.body.items as Array<{ id: string }>).map((card) => card.id);
      // The whistle was blown from the village window below the town (Script.blow).
      expect(groups.includes(groupBy === 'department' ? departmentId : 'anlizha-village')).toBe(row.inScope);
    }
  });

  it.each(rows)('live board stream: %s', async (_title, row: ScopeRow) => {
    const caller = as(row.caller);
    const ticket = await streamTicket(consoleService.baseUrl, '/api/stream-tickets', caller);
    const stream = new SseClient(`${consoleService.baseUrl}/api/board/stream?ticket=${ticket}`);
    try {
      expect(await stream.open()).toBe(200);
      await waitFor('the first snapshot', async () => stream.events.length > 0, { intervalMs: 5 });
      expect(seenOn(stream.events[0]!.data as unknown as Board)).toEqual(all(row.inScope));
    } finally {
      stream.close();
    }
  });
});
