import type { ExecutionContext } from '@nestjs/common';
import { FixedClock, JsonLogger } from '@chuishao/kernel';
import { ServiceMetrics } from '@chuishao/platform';
import { createHmac } from 'node:crypto';
import { loadJudicialSettings } from '../../application/judicial-settings';
import { CourtMetrics } from './court-metrics';
import { CourtSignatureGuard } from './court-signature.guard';

const NOW = new Date('2026-11-24T08:00:00.000Z');
const NOW_S = NOW.getTime() / 1000;
const settings = { ...loadJudicialSettings({ CHUISHAO_DEV: '1' }), courtSecrets: { 'court-a': 'secret-a' } };
// The outage gauge reads court_health only at scrape time, which this test never does.
const metrics = new CourtMetrics(new ServiceMetrics('judicial-confirmation'), {
  outages: async () => [],
} as never);
const guard = new CourtSignatureGuard(
  settings,
  new FixedClock(NOW),
  new JsonLogger({ service: 't', level: 'error' }),
  metrics,
);

function attempt(raw: string, headers: Record<string, string>) {
  const request = {
    rawBody: Buffer.from(raw),
    header: (name: string) => headers[name.toLowerCase()],
  } as never;
  const context = { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
  try {
    guard.canActivate(context);
    return 'allowed';
  } catch (error) {
    return (error as { getResponse(): { code: string } }).getResponse().code;
  }
}

const sign = (raw: string, timestamp: number, secret = 'secret-a') => ({
  'x-court-id': 'court-a',
  'x-court-timestamp': String(timestamp),
  'x-court-signature': `sha256=${createHmac('sha256', secret).update(`${timestamp}.${raw}`).digest('hex')}`,
});

describe('court callback signatures', () => {
  const raw = '{"callbackId":"c-1","type":"accepted"}';

  it('accepts a fresh signature over the exact bytes, up to 300 s either way', () => {
    expect(attempt(raw, sign(raw, NOW_S))).toBe('allowed');
    expect(attempt(raw, sign(raw, NOW_S - 300))).toBe('allowed');
    expect(attempt(raw, sign(raw, NOW_S + 300))).toBe('allowed');
  });

  it('refuses stale or future timestamps', () => {
    expect(attempt(raw, sign(raw, NOW_S - 301))).toBe('COURT_SIGNATURE_EXPIRED');
    expect(attempt(raw, sign(raw, NOW_S + 301))).toBe('COURT_SIGNATURE_EXPIRED');
  });

  it('refuses a wrong secret, a changed body, a changed timestamp, an unknown court, missing headers', () => {
    expect(attempt(raw, sign(raw, NOW_S, 'secret-b'))).toBe('COURT_SIGNATURE_INVALID');
    expect(attempt(`${raw} `, sign(raw, NOW_S))).toBe('COURT_SIGNATURE_INVALID');
    expect(attempt(raw, { ...sign(raw, NOW_S), 'x-court-timestamp': String(NOW_S - 1) })).toBe(
      'COURT_SIGNATURE_INVALID',
    );
    expect(attempt(raw, { ...sign(raw, NOW_S), 'x-court-id': 'court-b' })).toBe('COURT_SIGNATURE_INVALID');
    expect(attempt(raw, { ...sign(raw, NOW_S), 'x-court-id': 'constructor' })).toBe(
      'COURT_SIGNATURE_INVALID',
    );
    expect(attempt(raw, { ...sign(raw, NOW_S), 'x-court-signature': 'sha256=abc' })).toBe(
      'COURT_SIGNATURE_INVALID',
    );
    const { 'x-court-signature': _dropped, ...unsigned } = sign(raw, NOW_S);
    expect(attempt(raw, unsigned)).toBe('COURT_SIGNATURE_MISSING');
  });

  it('counts refusals by court, never minting a label from what a forger sends', async () => {
    const refused = async () =>
      Object.fromEntries(
        (await metrics.callbacks.get()).values.map((v) => [String(v.labels.court), v.value]),
      );
    const before = await refused();
    attempt(raw, { ...sign(raw, NOW_S), 'x-court-id': 'forger-1' });
    attempt(raw, sign(raw, NOW_S, 'secret-b'));
    const after = await refused();
    expect(after['unknown']! - (before['unknown'] ?? 0)).toBe(1);
    expect(after['court-a']! - (before['court-a'] ?? 0)).toBe(1);
    expect(after['forger-1']).toBeUndefined();
  });
});
