import type { IncomingMessage, ServerResponse } from 'node:http';
import { securityHeaders } from './security-headers';

/** The CSP header helmet sets for one answer. */
function policyOf(middleware: ReturnType<typeof securityHeaders>): string {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string) => void (headers[name.toLowerCase()] = value),
    removeHeader: () => undefined,
  } as unknown as ServerResponse;
  middleware({} as IncomingMessage, response, () => undefined);
  return headers['content-security-policy'];
}

describe('securityHeaders', () => {
  it('lets pages connect to their own origin only, unless a service names another', () => {
    expect(policyOf(securityHeaders())).toContain("connect-src 'self';");
    expect(policyOf(securityHeaders({ connect: ['https://idp.example.gov.cn'] }))).toContain(
      "connect-src 'self' https://idp.example.gov.cn;",
    );
    expect(policyOf(securityHeaders({ connect: ['https://idp.example.gov.cn'] }))).toContain(
      "script-src 'self';",
    );
  });
});
