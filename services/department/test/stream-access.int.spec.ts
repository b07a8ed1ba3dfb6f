import { as, RawProducer, SseClient, streamTicket, waitFor, type RunningService } from '@chuishao/testing';
import { newCase, publishToWhistles, startDepartment, whistleBlown } from './support/fixtures';

/**
 * A department's live stream opens with a single-use ticket (never the bearer token in the URL),
 * still filtered to the liaison's own department, and ends when the token behind it expires.
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
  const raw = new RawProducer(process.env.KAFKA_BROKERS!);
  afterAll(async () => {
    await raw.stop();
    await department?.close();
  });

  it('keeps a ticket to the liaison’s own department: another department’s stream carries none of its entries', async () => {
    const whistle = whistleBlown(
      [{ departmentId: OWN, departmentName: OWN, departmentKind: 'traffic_police' }],
      newCase('TKT-'),
    );
    await publishToWhistles(raw, department, whistle.event);
    const other = await open(
      OWN,
      await streamTicket(department.baseUrl, '/stream-tickets', liaisonOf('daman-police-station')),
    );
    expect(other.status).toBe(200);
    const own = await open(OWN, await streamTicket(department.baseUrl, '/stream-tickets', liaisonOf(OWN)));
    // Entries go in id order: once the own liaison got the whistle's, the other got nothing before it.
    await waitFor('the summons on the own liaison’s stream', () =>
      own.events.some((e) => e.data.summonsId === whistle.summonsIds[OWN]),
    );
    expect(other.events).toEqual([]);
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
