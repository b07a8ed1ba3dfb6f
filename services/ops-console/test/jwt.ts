/** The claims of a bearer token, unverified: tests only look at what a token says. */
export function decodeJwtPayloadForTest(authorization: string): Record<string, unknown> {
  const token = authorization.replace(/^Bearer\s+/i, '');
  const [, payload] = token.split('.');
  return JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}
