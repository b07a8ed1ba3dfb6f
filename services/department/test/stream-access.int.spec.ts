import { as, SseClient, streamTicket, waitFor, type RunningService } from '@chuishao/testing';
import { startDepartment } from './support/fixtures';

/**
 * A department's live stream opens with a single-use ticket (never the bearer token in the URL),
 * still bound to the liaison's own department, and ends when the token behind it expires.
 */
describe('department: access to a department’s live stream', () => {
  let department: RunningService;
  const streams: SseClient[] = [];
  const OWN = 'ganzhou-traffic-police';
  const liaisonOf = (departmentId: string, options?: { expiresInSeconds?: number }) =>
    as({ role: 'liaison', subject: `liaison-of-${departmentId}`, departmentId }, options);

  async function open(departmentId: string, ticket: string) {
    const stream = new SseClient(`${department.baseUrl}/departments/${departmentId}/stream?ticket=${ticket}`);
    streams.push(stream);
    await stream.open();
    return stream;
  }
  const refusal = async (stream: SseClient) => {
    await waitFor('the refusal body', async () => stream.ended);
    return { status: stream.status, code: JSON.parse(stream.body).code };
  };

  beforeAll(async () => (department = await startDepartment()));
  afterEach(() => streams.splice(0).forEach((stream) => stream.close()));
  afterAll(async () => department?.close());

  it('keeps a ticket to the liaison’s own department: another department’s stream is 403', async () => {
    const ticket = await streamTicket(
      department.baseUrl,
      '/stream-tickets',
      liaisonOf('daman-police-station'),
    );
    expect(await refusal(await open(OWN, ticket))).toEqual({ status: 403, code: 'DEPARTMENT_FORBIDDEN' });
  });

  it('ends the stream when the token behind its ticket expires, and the spent ticket cannot reopen it', async () => {
    const ticket = await streamTicket(
      department.baseUrl,
      '/stream-tickets',
      liaisonOf(OWN, { expiresInSeconds: 2 }),
    );
    const stream = await open(OWN, ticket);
    expect(stream.status).toBe(200);
    await waitFor('the server to end the stream', async () => stream.ended, { timeoutMs: 10_000 });
    expect(await refusal(await open(OWN, ticket))).toEqual({ status: 401, code: 'TICKET_INVALID' });
  });
});
