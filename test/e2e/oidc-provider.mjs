// A local OpenID provider for the browser test of the workstation's OpenID Connect sign-in
// (oidc-provider is ESM only, so it runs as this small child process). It issues RS256 JWT access
// tokens for the audience `chuishao` carrying the claims the services read (role, centerId,
// departmentId) for the accounts given in OIDC_TEST_ACCOUNTS ({ "<login>": { role, … } }).
// Prints {"issuer": "..."} on its first line of stdout once it listens.
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const accounts = JSON.parse(process.env.OIDC_TEST_ACCOUNTS ?? '{}');
const redirectUri = process.env.OIDC_TEST_REDIRECT_URI;
const RESOURCE = 'urn:chuishao';

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'workstation',
      token_endpoint_auth_method: 'none',
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  pkce: { required: () => true },
  cookies: { keys: ['a-cookie-key-for-this-test-only'] },
  // Any password; only the accounts the test names exist.
  findAccount: (_ctx, id) => (accounts[id] ? { accountId: id, claims: () => ({ sub: id }) } : undefined),
  features: {
    devInteractions: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => RESOURCE,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: 'chuishao',
        audience: 'chuishao',
        accessTokenTTL: 3600,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
  extraTokenClaims: (_ctx, token) => (token.kind === 'AccessToken' ? accounts[token.accountId] : undefined),
});
server.on('request', provider.callback());
process.stdout.write(`${JSON.stringify({ issuer })}\n`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
