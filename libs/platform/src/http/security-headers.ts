import helmet from 'helmet';

/**
 * The Content-Security-Policy of every answer: scripts only from the service itself (never inline,
 * never eval), styles inline allowed (Element Plus and Swagger UI set them), no framing by anyone.
 * It fits ops-console's web app and Swagger UI at /docs; API answers are JSON and are not
 * affected by it.
 */
export const CONTENT_SECURITY_POLICY: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'object-src': ["'none'"],
};

/**
 * The policy as a header value, with extra script sources (a page that must keep one inline
 * script names it by its hash, `'sha256-…'`, never by 'unsafe-inline').
 */
export function contentSecurityPolicy(extraScriptSources: readonly string[] = []): string {
  return Object.entries(CONTENT_SECURITY_POLICY)
    .map(([name, sources]) =>
      [name, ...sources, ...(name === 'script-src' ? extraScriptSources : [])].join(' '),
    )
    .join('; ');
}

/**
 * Origins a page of this service may also reach, beyond itself: ops-console adds the identity
 * provider's origin to connect-src when OpenID Connect is configured (the browser fetches the
 * provider's discovery document and exchanges the code at its token endpoint).
 */
export interface ExtraSources {
  connect?: readonly string[];
}

/**
 * Helmet on every answer: the CSP above, X-Content-Type-Options nosniff, X-Frame-Options DENY
 * (for browsers without frame-ancestors), Referrer-Policy no-referrer (URLs carry case ids), and
 * helmet's other defaults (no X-Powered-By, HSTS for TLS front ends).
 */
export function securityHeaders(extra: ExtraSources = {}) {
  const directives = Object.fromEntries(
    Object.entries(CONTENT_SECURITY_POLICY).map(([name, sources]) => [
      name,
      [...sources, ...(name === 'connect-src' ? (extra.connect ?? []) : [])],
    ]),
  );
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}
