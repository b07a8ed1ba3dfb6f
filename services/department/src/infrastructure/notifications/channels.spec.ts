import { createHmac } from 'node:crypto';
import { webhookSignature } from './channels';

describe('webhook signature', () => {
  it('is sha256= and the hex HMAC-SHA256 of "<timestamp>.<raw body>" under the secret', () => {
    const body = '{"deliveryId":"d-1","caseNo":"ALZ-2018-000042"}';
    const expected = createHmac('sha256', 'secret-of-sixteen+').update(`1539583200.${body}`).digest('hex');
    expect(webhookSignature('secret-of-sixteen+', 1539583200, body)).toBe(`sha256=${expected}`);
  });

  it('changes with the timestamp, the body and the secret', () => {
    const base = webhookSignature('s1', 1, 'b');
    expect(webhookSignature('s1', 2, 'b')).not.toBe(base);
    expect(webhookSignature('s1', 1, 'c')).not.toBe(base);
    expect(webhookSignature('s2', 1, 'b')).not.toBe(base);
  });
});
