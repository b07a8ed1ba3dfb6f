import {
  as,
  http,
  SseClient,
  startService,
  streamTicket,
  waitFor,
  type RunningService,
} from '@chuishao/testing';
import { MAX_STREAMS_PER_CALLER } from '@chuishao/platform';
import { AppModule, OPS_CONSOLE_DESCRIPTION } from '../src/app.module';

/**
 * The live board without the bearer token in its URL: a single-use ticket opens it, it ends when
 * the token behind it expires, and one caller holds only so many at once.
 */
describe('ops-console: access to the live board stream', () => {
  let consoleService: RunningService;
  const streams: SseClient[] = [];
  const open = async (query: string, headers: Record<string, string> = {}) => {
    const stream = new SseClient(`${consoleService.baseUrl}/api/board/stream${query}`, headers);
    streams.push(stream);
    await stream.open();
    return stream;
  };
  const refusal = async (stream: SseClient) => {
    await waitFor('the refusal body', async () => stream.ended);
    return { status: stream.status, code: JSON.parse(stream.body).code };
  };

  beforeAll(async () => {
    consoleService = await startService(
      'ops-console',
      (config) => AppModule.forRoot(config),
      OPS_CONSOLE_DESCRIPTION,
    );
  });

  afterEach(() => streams.splice(0).forEach((stream) => stream.close()));
  afterAll(async () => consoleService?.close());

  it('opens with a ticket, once; never with the bearer token in the URL', async () => {
    const supervisor = as({ role: 'supervisor', subject: 'ticket-holder' });
    const issued = await http(consoleService.baseUrl, 'POST', '/api/stream-tickets', undefined, supervisor);
    expect(issued.status).toBe(201);
    expect(Date.parse(issued.body.expiresAt) - Date.now()).toBeLessThanOrEqual(30_000);
    const first = await open(`?ticket=${issued.body.ticket}`);
    expect(first.status).toBe(200);
    await waitFor('the first snapshot', async () => first.events.length > 0, { intervalMs: 5 });

    const again = await open(`?ticket=${issued.body.ticket}`);
    expect(await refusal(again)).toEqual({ status: 401, code: 'TICKET_INVALID' });
    const madeUp = await open('?ticket=not-a-ticket');
    expect(await refusal(madeUp)).toEqual({ status: 401, code: 'TICKET_INVALID' });
    const token = supervisor.authorization.replace('Bearer ', '');
    const inUrl = await open(`?access_token=${token}`);
    expect(await refusal(inUrl)).toEqual({ status: 401, code: 'TOKEN_MISSING' });
  });

  it('a ticket still goes through the role check: a clerk cannot watch the board', async () => {
    const ticket = await streamTicket(consoleService.baseUrl, '/api/stream-tickets', as('clerk'));
    expect(await refusal(await open(`?ticket=${ticket}`))).toEqual({ status: 403, code: 'ROLE_FORBIDDEN' });
  });

  it('ends the stream when the token behind it expires', async () => {
    const shortLived = as({ role: 'ops', subject: 'short-lived' }, { expiresInSeconds: 2 });
    const ticket = await streamTicket(consoleService.baseUrl, '/api/stream-tickets', shortLived);
    const stream = await open(`?ticket=${ticket}`);
    expect(stream.status).toBe(200);
    await waitFor('the first snapshot', async () => stream.events.length > 0, { intervalMs: 5 });
    await waitFor('the server to end the stream', async () => stream.ended, { timeoutMs: 10_000 });
  });

  it(`holds at most ${MAX_STREAMS_PER_CALLER} open streams per caller`, async () => {
    const caller = as({ role: 'ops', subject: 'many-tabs' });
    const held: SseClient[] = [];
    for (let i = 0; i < MAX_STREAMS_PER_CALLER; i++) held.push(await open('', caller));
    expect(held.map((s) => s.status)).toEqual(held.map(() => 200));
    expect(await refusal(await open('', caller))).toEqual({ status: 429, code: 'STREAMS_LIMIT' });
    // Another caller is not held back by this one.
    expect((await open('', as({ role: 'ops', subject: 'another' }))).status).toBe(200);
    held[0]!.close();
    await waitFor('a freed place to be taken', async () => {
      const next = await open('', caller);
      return next.status === 200;
    });
  });
});
