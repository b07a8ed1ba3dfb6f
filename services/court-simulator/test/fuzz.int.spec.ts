import type { INestApplication } from '@nestjs/common';
import { fuzzService, http } from '@chuishao/testing';
import fc from 'fast-check';
import { createCourtSimulatorApp } from '../src/app.module';
import { loadSimulatorSettings } from '../src/application/simulator-settings';

describe('court-simulator fuzz: malformed and form bodies, tokens it ignores, unknown filings', () => {
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    app = await createCourtSimulatorApp(loadSimulatorSettings({ CHUISHAO_DEV: '1' }), {});
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  });
  afterAll(async () => app?.close());

  it('answers no 5xx, and a refused request leaves the filings and the settings as they were', async () => {
    await fuzzService({
      baseUrl,
      // No authentication (a development stand-in): tokens, good or bad, change nothing.
      caller: null,
      routes: [
        {
          method: 'POST',
          path: '/filings',
          fields: {
            reference: fc.string({ maxLength: 20 }),
            agreementId: fc.uuid(),
            parties: fc.array(fc.string(), { maxLength: 2 }),
            matters: fc.array(fc.record({ category: fc.string(), description: fc.string() }), {
              maxLength: 2,
            }),
            terms: fc.string({ maxLength: 40 }),
            callbackUrl: fc.constantFrom('http://127.0.0.1:9/cb', 'javascript:alert(1)', 'not a url'),
          },
        },
        { method: 'GET', path: '/filings/:id' },
        { method: 'GET', path: '/filings' },
        {
          method: 'PUT',
          path: '/admin/settings',
          // Not `down` or `responseDelayMs`: a court switched off or slowed answers 503 by design.
          fields: { acceptAfterMs: fc.integer(), refuseTermsMatching: fc.constantFrom('(', '[a-', '.*') },
        },
      ],
      outOfScopeIds: ['0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', 'no-such-filing', '..', '%00', 'x'.repeat(300)],
      snapshot: async () => [
        (await http(baseUrl, 'GET', '/filings')).body,
        (await http(baseUrl, 'GET', '/admin/settings')).body,
      ],
    });
  });

  it('refuses a steering pattern that would not compile, naming the field, and keeps the one in force', async () => {
    const before = (await http(baseUrl, 'GET', '/admin/settings')).body as Record<string, unknown>;
    const answer = await http(baseUrl, 'PUT', '/admin/settings', { refuseTermsMatching: '(' });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain('refuseTermsMatching must be a valid regular expression');
    const after = (await http(baseUrl, 'GET', '/admin/settings')).body as Record<string, unknown>;
    expect(after.refuseTermsMatching).toBe(before.refuseTermsMatching);
  });
});
