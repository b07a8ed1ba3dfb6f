import { as, http, waitFor } from '@chuishao/testing';
import { ANLIZHA_CASE, clerk, ok } from './api';
import { startSystem, type RunningSystem } from './system';

const supervisor = as({ role: 'supervisor', subject: 'supervisor-ganzhou-1' });
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');

/**
 * Repeat petitions (重复来访) through the real system, as the workstation calls it: intake and
 * ops-console as processes on real Kafka and PostgreSQL, every call through the console's
 * `/api/intake/…` forwarding. The same person petitions twice; the second registration shows
 * the first (the same party), the clerk links them, both cases show each other, the console's
 * timeline reads the link as a sentence, and the center's repeat petitions count it.
 */
describe('repeat petitions, end to end (intake and ops-console as processes)', () => {
  let system: RunningSystem;
  let consoleUrl: string;

  beforeAll(async () => {
    system = await startSystem({ services: ['intake', 'ops-console'] });
    consoleUrl = system.urls['ops-console'];
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('shows the earlier case, links it, and both cases, the timeline and the count show the link', async () => {
    const phone = `139${digits(8)}`;
    const petition = (summary: string) => ({
      ...ANLIZHA_CASE,
      summary,
      parties: [{ role: 'applicant', name: '王某', phone }],
    });
    const first = await ok(consoleUrl, 'POST', '/api/intake/cases', petition('The first petition.'), clerk);
    const second = await ok(consoleUrl, 'POST', '/api/intake/cases', petition('He comes back.'), clerk);

    const similar = await ok(consoleUrl, 'GET', `/api/intake/cases/${second.id}/similar`, undefined, clerk);
    expect(similar.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: first.id, matchedBy: expect.arrayContaining(['same_party']) }),
      ]),
    );
    expect(JSON.stringify(similar)).not.toContain(phone);

    const link = { linkedCaseId: first.id, reason: 'the same person, the same accident' };
    const headers = { ...clerk, 'idempotency-key': `repeat-${second.id}` };
    const made = await http(consoleUrl, 'POST', `/api/intake/cases/${second.id}/links`, link, headers);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ caseId: second.id, linkedCaseNo: first.caseNo });

    const earlier = await ok(consoleUrl, 'GET', `/api/intake/cases/${first.id}`, undefined, supervisor);
    expect(earlier.linkedCases).toEqual([
      expect.objectContaining({ id: second.id, caseNo: second.caseNo, direction: 'repeated_by' }),
    ]);

    const line = await waitFor('the consoleUrl timeline to read the link', async () => {
      const { status, body } = await http(
        consoleUrl,
        'GET',
        `/api/cases/${second.id}`,
        undefined,
        supervisor,
      );
      return status === 200 && body.timeline.find((t: { type: string }) => t.type === 'CasesLinked');
    });
    expect(line.summary).toBe(`Linked as a repeat petition of case ${first.caseNo}`);
    expect(line.facts).toMatchObject({ linkedCaseNo: first.caseNo });

    const counts = await ok(consoleUrl, 'GET', '/api/intake/repeat-petitions', undefined, supervisor);
    const anlizha = counts.items.find((c: { centerId: string }) => c.centerId === 'anlizha-village');
    expect(anlizha.repeats).toBeGreaterThanOrEqual(1);
    expect(anlizha.registered).toBeGreaterThanOrEqual(2);
  });
});
