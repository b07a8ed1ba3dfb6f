import { as, http, startService, waitFor, type RunningService } from '@chuishao/testing';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppModule, OPS_CONSOLE_DESCRIPTION } from '../src/app.module';

interface Seen {
  method: string;
  url: string;
  authorization?: string;
  idempotencyKey?: string;
  cookie?: string;
  contentType?: string;
  body: string;
  bytes: Buffer;
}

/** A stand-in for intake (and every other service): echoes what reached it; streams on /stream. */
class EchoService {
  readonly seen: Seen[] = [];
  private server?: Server;
  releaseStream = () => {};

  async start(): Promise<string> {
    this.server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const bytes = Buffer.concat(chunks);
        const body = bytes.toString();
        const h = req.headers;
        this.seen.push({
          method: req.method!,
          url: req.url!,
          authorization: h.authorization,
          idempotencyKey: h['idempotency-key'] as string | undefined,
          cookie: h.cookie,
          contentType: h['content-type'],
          body,
          bytes,
        });
        if (req.url === '/stream') {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write('event: summons\ndata: {"n":1}\n\n');
          this.releaseStream = () => res.end('event: summons\ndata: {"n":2}\n\n');
          return;
        }
        const status = req.url?.startsWith('/missing') ? 404 : req.method === 'POST' ? 201 : 200;
        res.writeHead(status, { 'content-type': 'application/json', 'retry-after': '7' });
        const json = h['content-type'] === 'application/json' && body ? JSON.parse(body) : null;
        res.end(JSON.stringify({ method: req.method, url: req.url, body: json }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as { port: number }).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/**
 * The workstation's one origin: `/api/<service>/…` forwarded with the caller's own token and key,
 * streams streamed, and every page path answered by the app's index.html (history mode), while
 * the console's own API, docs, health and metrics stay what they were.
 */
describe('ops-console as the workstation’s origin', () => {
  const intake = new EchoService();
  let consoleService: RunningService;
  const clerk = as({ role: 'clerk', subject: 'clerk-1', centerId: 'anlizha-village' });

  beforeAll(async () => {
    const intakeUrl = await intake.start();
    const webDir = mkdtempSync(path.join(tmpdir(), 'workstation-'));
    mkdirSync(path.join(webDir, 'assets'));
    writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>workstation</title>');
    writeFileSync(path.join(webDir, 'assets', 'app-1a2b.js'), 'console.log(1)');
    consoleService = await startService(
      'ops-console',
      (config) =>
        AppModule.forRoot(config, {
          settings: {
            webDir,
            serviceUrls: {
              intake: intakeUrl,
              dispatch: 'http://127.0.0.1:9', // nothing listens: a service that is down
              department: intakeUrl,
              'sla-timer': intakeUrl,
              mediation: intakeUrl,
              'judicial-confirmation': intakeUrl,
            },
          },
        }),
      OPS_CONSOLE_DESCRIPTION,
    );
  });

  afterAll(async () => {
    intake.releaseStream();
    await consoleService?.close();
    await intake.stop();
  });

  it('forwards method, path, query, body, the caller’s token and Idempotency-Key — and nothing else', async () => {
    const body = { centerId: 'anlizha-village', summary: '道路交通事故' };
    const response = await http(consoleService.baseUrl, 'POST', '/api/intake/cases?x=1', body, {
      ...clerk,
      'idempotency-key': 'reg-1',
      cookie: 'session=secret',
    });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ method: 'POST', url: '/cases?x=1', body });
    const seen = intake.seen.at(-1)!;
    expect(seen).toMatchObject({ authorization: clerk.authorization, idempotencyKey: 'reg-1' });
    expect(seen.cookie).toBeUndefined();
  });

  it('forwards an evidence upload’s bytes as they came, and no other route’s non-JSON body', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe]);
    const upload = (path: string) =>
      fetch(`${consoleService.baseUrl}${path}`, {
        method: 'POST',
        headers: { ...clerk, 'content-type': 'image/png', 'idempotency-key': 'ev-1' },
        body: png,
      });
    const answer = await upload('/api/intake/cases/0b7c/evidence?name=scan.png');
    expect(answer.status).toBe(201);
    const seen = intake.seen.at(-1)!;
    expect(seen).toMatchObject({
      url: '/cases/0b7c/evidence?name=scan.png',
      contentType: 'image/png',
      idempotencyKey: 'ev-1',
    });
    expect(seen.bytes.equals(png)).toBe(true);
    expect((await upload('/api/mediation/mediations/9a1d/evidence')).status).toBe(201);
    expect(intake.seen.at(-1)!.bytes.equals(png)).toBe(true);
    const elsewhere = await upload('/api/intake/cases/0b7c/close');
    expect(elsewhere.status).toBe(415);
  });

  it('passes the service’s answer back as it is: status, body, Retry-After; no token, no authority added', async () => {
    const missing = await http(consoleService.baseUrl, 'GET', '/api/intake/missing/1');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('retry-after')).toBe('7');
    expect(intake.seen.at(-1)!.authorization).toBeUndefined();
  });

  it('streams Server-Sent Events through as they come', async () => {
    const response = await fetch(`${consoleService.baseUrl}/api/department/stream`, { headers: clerk });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    const first = await reader.read(); // arrives while the service still holds the stream open
    expect(first.value).toContain('data: {"n":1}');
    intake.releaseStream();
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += chunk.value;
    expect(rest).toContain('data: {"n":2}');
  });

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After when the service is down', async () => {
    const response = await http(consoleService.baseUrl, 'GET', '/api/dispatch/whistles', undefined, clerk);
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(response.headers.get('retry-after')).toBe('5');
  });

  it('serves the app for every page path (deep links), its assets, and 404 for a missing asset', async () => {
    for (const page of [
      '/',
      '/cases/0193a0c0-0000-7000-8000-000000000001',
      '/liaison',
      '/operator/cases/x',
    ]) {
      const response = await fetch(`${consoleService.baseUrl}${page}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<title>workstation</title>');
    }
    const asset = await fetch(`${consoleService.baseUrl}/assets/app-1a2b.js`);
    expect(await asset.text()).toBe('console.log(1)');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${consoleService.baseUrl}/assets/gone.js`)).status).toBe(404);
    expect((await fetch(`${consoleService.baseUrl}/%E0%A4%A.js`)).status).toBe(404);
  });

  it('keeps the console’s own API, docs, health, metrics and AsyncAPI out of the fallback', async () => {
    expect((await http(consoleService.baseUrl, 'GET', '/api/board')).status).toBe(401);
    expect((await http(consoleService.baseUrl, 'GET', '/api/no-such-service/x')).status).toBe(404);
    expect((await http(consoleService.baseUrl, 'GET', '/health/live')).status).toBe(200);
    expect((await fetch(`${consoleService.baseUrl}/metrics`)).headers.get('content-type')).toContain(
      'text/plain',
    );
    expect((await http(consoleService.baseUrl, 'GET', '/asyncapi.json')).body).toMatchObject({
      asyncapi: expect.any(String),
    });
    await waitFor('docs', async () => (await fetch(`${consoleService.baseUrl}/docs`)).ok);
  });
});
