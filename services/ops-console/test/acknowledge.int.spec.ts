import { uuidv7 } from '@chuishao/kernel';
import { as, http, startService, type RunningService } from '@chuishao/testing';
import { AppModule, OPS_CONSOLE_DESCRIPTION } from '../src/app.module';
import { decodeJwtPayloadForTest } from './jwt';
import { SlaTimerStub } from './support';

/** The acknowledge action: forwarded to sla-timer as the supervisor, once per Idempotency-Key. */
describe('ops-console acknowledging an escalation', () => {
  let consoleService: RunningService;
  let downService: RunningService;
  const stub = new SlaTimerStub();
  const supervisor = { role: 'supervisor', subject: 'supervisor-zhang' } as const;

  beforeAll(async () => {
    const slaTimerUrl = await stub.start();
    consoleService = await startService(
      'ops-console',
      (config) => AppModule.forRoot(config, { settings: { slaTimerUrl } }),
      OPS_CONSOLE_DESCRIPTION,
    );
    // Nothing listens on port 9 (discard) here: sla-timer is down for this one.
    downService = await startService(
      'ops-console',
      (config) => AppModule.forRoot(config, { settings: { slaTimerUrl: 'http://127.0.0.1:9' } }),
      OPS_CONSOLE_DESCRIPTION,
    );
  });

  afterAll(async () => {
    await consoleService?.close();
    await downService?.close();
    await stub.stop();
  });

  const acknowledge = (service: RunningService, id: string, body: unknown, key?: string) =>
    http(service.baseUrl, 'POST', `/api/escalations/${id}/acknowledge`, body, {
      ...as(supervisor),
      ...(key ? { 'idempotency-key': key } : {}),
    });

  it("forwards the supervisor's own token, the note and the Idempotency-Key, and answers with sla-timer's answer", async () => {
    const id = uuidv7();
    stub.answer = () => ({
      status: 200,
      body: { id, state: 'acknowledged', acknowledgedBy: 'supervisor-zhang' },
    });
    const response = await acknowledge(consoleService, id, { note: '  已联系大队长  ' }, `key-${id}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id, state: 'acknowledged', acknowledgedBy: 'supervisor-zhang' });
    const call = stub.calls.find((c) => c.url === `/escalations/${id}/acknowledge`)!;
    expect(call.headers['idempotency-key']).toBe(`key-${id}`);
    expect(decodeJwtPayloadForTest(call.headers.authorization!)).toMatchObject({
      role: 'supervisor',
      sub: 'supervisor-zhang',
    });
    expect(JSON.parse(call.body)).toEqual({ note: '已联系大队长' });
  });

  it('a retry with the same key replays the first answer without asking sla-timer again', async () => {
    const id = uuidv7();
    stub.answer = () => ({ status: 200, body: { id, state: 'acknowledged' } });
    const first = await acknowledge(consoleService, id, {}, `retry-${id}`);
    const second = await acknowledge(consoleService, id, {}, `retry-${id}`);
    expect(second.status).toBe(first.status);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(stub.calls.filter((c) => c.url === `/escalations/${id}/acknowledge`)).toHaveLength(1);
  });

  it("without a key uses the escalation's own, so sla-timer sees one acknowledgement however often it is sent", async () => {
    const id = uuidv7();
    stub.answer = () => ({ status: 200, body: { id } });
    await acknowledge(consoleService, id, {});
    const call = stub.calls.find((c) => c.url === `/escalations/${id}/acknowledge`)!;
    expect(call.headers['idempotency-key']).toBe(`ops-console:acknowledge:${id}`);
  });

  it("passes sla-timer's 409 back with its code", async () => {
    stub.answer = () => ({
      status: 409,
      body: { statusCode: 409, code: 'ESCALATION_ALREADY_ACKNOWLEDGED', message: 'already acknowledged' },
    });
    const response = await acknowledge(consoleService, uuidv7(), {}, uuidv7());
    expect({ status: response.status, code: response.body.code }).toEqual({
      status: 409,
      code: 'ESCALATION_ALREADY_ACKNOWLEDGED',
    });
  });

  it('answers 503 SLA_TIMER_UNAVAILABLE with Retry-After when sla-timer is down or failing, never a 500', async () => {
    const down = await acknowledge(downService, uuidv7(), {}, uuidv7());
    expect({ status: down.status, code: down.body.code }).toEqual({
      status: 503,
      code: 'SLA_TIMER_UNAVAILABLE',
    });
    expect(down.headers.get('retry-after')).toBeTruthy();
    stub.answer = () => ({ status: 500, body: { statusCode: 500, code: 'INTERNAL', message: 'boom' } });
    const failing = await acknowledge(consoleService, uuidv7(), {}, uuidv7());
    expect({ status: failing.status, code: failing.body.code }).toEqual({
      status: 503,
      code: 'SLA_TIMER_UNAVAILABLE',
    });
  });
});
