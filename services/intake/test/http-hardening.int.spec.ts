import { as, http, startService, type RunningService } from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { AppModule, INTAKE_DESCRIPTION } from '../src/app.module';

/**
 * The platform's door, seen through intake: security headers on every answer, JSON bodies only
 * (a form body skipped the input checks: `summary=a%00b` reached PostgreSQL), and a NUL in a JSON
 * string refused naming the field. Nothing changes on a refusal.
 */
describe('HTTP hardening (intake on the platform)', () => {
  let intake: RunningService;
  const clerk = as({ role: 'clerk', centerId: 'anlizha-village' });

  beforeAll(async () => {
    intake = await startService('intake', (config) => AppModule.forRoot(config), INTAKE_DESCRIPTION);
  });
  afterAll(() => intake?.close());

  const state = async () =>
    (
      await intake.app.get(DataSource).query(`
        SELECT (SELECT count(*)::int FROM cases) AS cases,
               (SELECT count(*)::int FROM outbox) AS outbox,
               (SELECT count(*)::int FROM idempotency_keys) AS idempotency_keys`)
    )[0];

  const raw = (path: string, contentType: string, body: string) =>
    fetch(`${intake.baseUrl}${path}`, {
      method: 'POST',
      headers: { ...clerk, 'content-type': contentType, 'idempotency-key': `k-${contentType}` },
      body,
    });

  it('sends security headers on every answer, with a CSP that allows no inline script', async () => {
    const answers = await Promise.all([
      fetch(`${intake.baseUrl}/health/live`),
      fetch(`${intake.baseUrl}/no-such-route`),
      fetch(`${intake.baseUrl}/cases`, { headers: clerk }),
      fetch(`${intake.baseUrl}/cases`),
      fetch(`${intake.baseUrl}/docs`),
    ]);
    for (const response of answers) {
      const headers = response.headers;
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('x-frame-options')).toBe('DENY');
      expect(headers.get('referrer-policy')).toBe('no-referrer');
      expect(headers.get('x-powered-by')).toBeNull();
      const csp = headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'self'");
      const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1];
      expect(scriptSrc).toBe("'self'");
    }
  });

  it('answers 415 naming the content type to a body that is not JSON, and changes nothing', async () => {
    const before = await state();
    const form = await raw(
      '/cases',
      'application/x-www-form-urlencoded',
      'centerId=anlizha-village&channel=walk_in&disputeType=neighbour&urgency=normal&headcount=2&summary=a%00b',
    );
    expect(form.status).toBe(415);
    const body = (await form.json()) as { code: string; message: string; errors: unknown[] };
    expect(body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(body.message).toContain('application/x-www-form-urlencoded');
    expect(body.errors).toEqual([{ field: 'content-type', reason: body.message }]);
    for (const type of ['text/plain', 'multipart/form-data; boundary=x', 'application/xml']) {
      const response = await raw('/cases', type, '{"centerId":"anlizha-village"}');
      expect(response.status).toBe(415);
      expect(((await response.json()) as { message: string }).message).toContain(type.split(';')[0]);
    }
    expect(await state()).toEqual(before);
  });

  it('takes a form only on /open311/ (GeoReport v2), checked like JSON: a NUL in a field is a 400 naming it', async () => {
    const before = await state();
    const form = await raw(
      '/open311/v2/requests.json',
      'application/x-www-form-urlencoded',
      'service_code=TJ-102&address_string=x&description=a%00b',
    );
    expect(form.status).toBe(400);
    expect(await form.json()).toMatchObject({ code: 'INVALID_TEXT', errors: [{ field: 'description' }] });
    const text = await raw('/open311/v2/requests.json', 'text/plain', 'service_code=TJ-102');
    expect(text.status).toBe(415);
    expect(await state()).toEqual(before);
  });

  it('refuses a NUL character inside a JSON string with a 400 naming the field', async () => {
    const before = await state();
    const response = await http(
      intake.baseUrl,
      'POST',
      '/cases',
      {
        centerId: 'anlizha-village',
        channel: 'walk_in',
        disputeType: 'neighbour',
        urgency: 'normal',
        headcount: 2,
        summary: 'a\u0000b',
        parties: [{ role: 'applicant', name: '王某', idNumber: '620702198001011234', phone: '13912345678' }],
      },
      clerk,
    );
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'INVALID_TEXT', errors: [{ field: 'summary' }] });
    expect(await state()).toEqual(before);
  });
});
