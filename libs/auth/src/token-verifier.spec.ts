import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import { issueDevelopmentToken } from './token-issuer';
import { TokenVerifier } from './token-verifier';

const secret = 'a-test-secret-that-is-long-enough-1234567890';
const hs = new TokenVerifier({ mode: 'hs256', secret, issuer: 'chuishao', audience: 'chuishao' });

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe('TokenVerifier (HS256, development)', () => {
  it('reads role, subject and department from a valid token', async () => {
    const token = issueDevelopmentToken({
      role: 'liaison',
      subject: 'li-1',
      departmentId: 'ganzhou-traffic-police',
      secret,
    });
    await expect(hs.verify(`Bearer ${token}`)).resolves.toEqual({
      role: 'liaison',
      subject: 'li-1',
      departmentId: 'ganzhou-traffic-police',
    });
  });

  it('refuses a missing, expired, forged or incomplete token with a reason', async () => {
    expect(await codeOf(hs.verify(undefined))).toBe('TOKEN_MISSING');
    expect(await codeOf(hs.verify('Basic abc'))).toBe('TOKEN_MISSING');
    expect(
      await codeOf(
        hs.verify(`Bearer ${issueDevelopmentToken({ role: 'operator', secret, expiresInSeconds: -60 })}`),
      ),
    ).toBe('TOKEN_EXPIRED');
    expect(
      await codeOf(
        hs.verify(
          `Bearer ${issueDevelopmentToken({ role: 'operator', secret: 'another-secret-that-is-also-long-enough-xx' })}`,
        ),
      ),
    ).toBe('TOKEN_INVALID');
    expect(await codeOf(hs.verify(`Bearer ${issueDevelopmentToken({ role: 'liaison', secret })}`))).toBe(
      'TOKEN_CLAIMS_INVALID',
    );
    expect(await codeOf(hs.verify(`Bearer ${issueDevelopmentToken({ role: 'clerk', secret })}`))).toBe(
      'TOKEN_CLAIMS_INVALID',
    );
    const wrongRole = jwt.sign({ role: 'emperor' }, secret, {
      expiresIn: '1h',
      subject: 'x',
      issuer: 'chuishao',
      audience: 'chuishao',
    });
    expect(await codeOf(hs.verify(`Bearer ${wrongRole}`))).toBe('TOKEN_CLAIMS_INVALID');
    const wrongAudience = jwt.sign({ role: 'ops' }, secret, {
      expiresIn: '1h',
      subject: 'x',
      issuer: 'chuishao',
      audience: 'elsewhere',
    });
    expect(await codeOf(hs.verify(`Bearer ${wrongAudience}`))).toBe('TOKEN_INVALID');
    const none = jwt.sign({ role: 'ops' }, '', {
      algorithm: 'none',
      subject: 'x',
      issuer: 'chuishao',
      audience: 'chuishao',
    });
    expect(await codeOf(hs.verify(`Bearer ${none}`))).toBe('TOKEN_INVALID');
  });
});

describe('TokenVerifier: a token says when it ends, and not too late', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const signed = (claims: Record<string, unknown>, options: jwt.SignOptions = {}) =>
    `Bearer ${jwt.sign({ role: 'supervisor', ...claims }, secret, {
      subject: 's',
      issuer: 'chuishao',
      audience: 'chuishao',
      ...options,
    })}`;

  it('refuses a token without exp or without iat', async () => {
    expect(await codeOf(hs.verify(signed({})))).toBe('TOKEN_CLAIMS_INVALID');
    expect(await codeOf(hs.verify(signed({ exp: now() + 60 }, { noTimestamp: true })))).toBe(
      'TOKEN_CLAIMS_INVALID',
    );
    expect(await codeOf(hs.verify(signed({}, { expiresIn: '1h' })))).toBe('ok');
  });

  it('refuses a token that lives longer than 12 hours, or the configured maximum', async () => {
    expect(await codeOf(hs.verify(signed({}, { expiresIn: 12 * 3600 })))).toBe('ok');
    expect(await codeOf(hs.verify(signed({}, { expiresIn: 12 * 3600 + 1 })))).toBe('TOKEN_INVALID');
    expect(await codeOf(hs.verify(signed({}, { expiresIn: '365d' })))).toBe('TOKEN_INVALID');
    const oneHour = new TokenVerifier({
      mode: 'hs256',
      secret,
      issuer: 'chuishao',
      audience: 'chuishao',
      maxTokenLifetimeSeconds: 3600,
    });
    expect(await codeOf(oneHour.verify(signed({}, { expiresIn: 3600 })))).toBe('ok');
    expect(await codeOf(oneHour.verify(signed({}, { expiresIn: 7200 })))).toBe('TOKEN_INVALID');
  });

  it('tolerates 30 s of clock skew and no more', async () => {
    expect(await codeOf(hs.verify(signed({ iat: now() - 100, exp: now() - 20 })))).toBe('ok');
    expect(await codeOf(hs.verify(signed({ iat: now() - 100, exp: now() - 40 })))).toBe('TOKEN_EXPIRED');
    expect(await codeOf(hs.verify(signed({ iat: now() + 20, exp: now() + 600 })))).toBe('ok');
    expect(await codeOf(hs.verify(signed({ iat: now() + 120, exp: now() + 600 })))).toBe('TOKEN_INVALID');
  });
});

describe('TokenVerifier (RS256 via JWKS, production)', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'key-2026', use: 'sig', alg: 'RS256' };
  let server: Server;
  let rs: TokenVerifier;

  beforeAll(async () => {
    // A real HTTP JWKS endpoint on loopback, as an identity provider publishes it.
    server = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    rs = new TokenVerifier({
      mode: 'rs256',
      jwksUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`,
      issuer: 'chuishao',
      audience: 'chuishao',
    });
  });
  afterAll(() => server.close());

  it('verifies a token signed by the key the JWKS publishes', async () => {
    const token = jwt.sign({ role: 'supervisor' }, privateKey, {
      algorithm: 'RS256',
      keyid: 'key-2026',
      expiresIn: '1h',
      subject: 'sup-1',
      issuer: 'chuishao',
      audience: 'chuishao',
    });
    await expect(rs.verify(`Bearer ${token}`)).resolves.toEqual({ role: 'supervisor', subject: 'sup-1' });
  });

  it('refuses an unknown key id and an HS256 token presented to an RS256 verifier', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const unknownKid = jwt.sign({ role: 'ops' }, other, {
      algorithm: 'RS256',
      keyid: 'rogue',
      subject: 'x',
      issuer: 'chuishao',
      audience: 'chuishao',
    });
    expect(await codeOf(rs.verify(`Bearer ${unknownKid}`))).toBe('TOKEN_INVALID');
    const genuine = jwt.sign({ role: 'ops' }, privateKey, {
      algorithm: 'RS256',
      keyid: 'key-2026',
      expiresIn: '1h',
      subject: 'x',
      issuer: 'chuishao',
      audience: 'chuishao',
    });
    expect(await codeOf(rs.verify(`Bearer ${genuine}`))).toBe('ok');
    const hsToken = jwt.sign({ role: 'ops' }, 'x'.repeat(40), {
      algorithm: 'HS256',
      keyid: 'key-2026',
      subject: 'x',
      issuer: 'chuishao',
      audience: 'chuishao',
    });
    expect(await codeOf(rs.verify(`Bearer ${hsToken}`))).toBe('TOKEN_INVALID');
  });
});
