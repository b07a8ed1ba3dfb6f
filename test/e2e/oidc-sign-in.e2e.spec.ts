import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { deploymentSecrets, repoRoot } from '@chuishao/testing';
import { ANLIZHA_CASE } from './api';
import { DESKTOP, launchChromium, photographAll, trouble } from './browser';
import { freePort, startSystem, type RunningSystem } from './system';

const CLERK_ACCOUNT = { role: 'clerk', centerId: 'anlizha-village' };

/** The local OpenID provider (test/e2e/oidc-provider.mjs) as a child process; resolves with its issuer. */
async function startProvider(redirectUri: string): Promise<{ issuer: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(repoRoot(), 'test', 'e2e', 'oidc-provider.mjs')], {
    env: {
      ...process.env,
      OIDC_TEST_ACCOUNTS: JSON.stringify({ 'clerk-oidc-1': CLERK_ACCOUNT }),
      OIDC_TEST_REDIRECT_URI: redirectUri,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.resume();
  const issuer = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the OpenID provider exited with ${code}`)));
    child.stdout!.once('data', (line: Buffer) =>
      resolve((JSON.parse(line.toString()) as { issuer: string }).issuer),
    );
  });
  return { issuer, child };
}

/**
 * The workstation where ops-console names an identity provider (OIDC_ISSUER_URL, OIDC_CLIENT_ID)
 * and the services trust its keys (AUTH_JWKS_URL): no development secret anywhere, no role
 * picker; the person signs in at the provider (authorization code with PKCE), and the provider's
 * JWT access token is what intake receives through /api/intake/.
 */
describe('the workstation signs in through OpenID Connect', () => {
  let system: RunningSystem;
  let provider: ChildProcess;
  let browser: Browser;

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
    provider?.kill('SIGTERM');
  });

  it('goes to the provider, comes back as the clerk of the account, and reads intake with its token', async () => {
    // The provider registers the console's redirect URI before the console starts.
    const consolePort = await freePort();
    const base = `http://127.0.0.1:${consolePort}`;
    const started = await startProvider(`${base}/sign-in/callback`);
    provider = started.child;
    const trust = {
      CHUISHAO_DEV: '',
      AUTH_JWKS_URL: `${started.issuer}/jwks`,
      AUTH_ISSUER: started.issuer,
      AUTH_AUDIENCE: 'chuishao',
      ...deploymentSecrets(), // without CHUISHAO_DEV=1 there are no built-in ones
    };
    system = await startSystem({
      services: ['intake', 'ops-console'],
      ports: { 'ops-console': consolePort },
      env: {
        ...trust,
        OIDC_ISSUER_URL: started.issuer,
        OIDC_CLIENT_ID: 'workstation',
        OIDC_SCOPE: 'openid chuishao',
      },
    });
    expect(system.urls['ops-console']).toBe(base);
    browser = await launchChromium();
    try {
      await journey(base, started.issuer);
    } catch (error) {
      await photographAll(browser, 'oidc-failure');
      throw new Error(`${String(error)}\nin the pages:\n${trouble.join('\n')}`);
    }
  });

  async function journey(base: string, issuer: string) {
    const context = await browser.newContext({ ...DESKTOP, locale: 'zh-CN' });
    const page = await context.newPage();
    page.on('pageerror', (error) => trouble.push(`oidc: page error ${error.message}`));
    page.on('console', (m) => m.type() === 'error' && trouble.push(`oidc: console ${m.text()}`));
    // The page may reach the provider (discovery, token endpoint) and nothing else beyond itself.
    const document = await page.goto(`${base}/clerk`);
    expect(document!.headers()['content-security-policy']).toContain(`connect-src 'self' ${issuer};`);
    await page.waitForURL((url) => url.pathname === '/sign-in');
    const button = page.locator('[data-sign-in="oidc"]');
    await button.waitFor();
    expect(await page.locator('[data-persona]').count()).toBe(0);
    expect(await page.locator('input[name="subject"]').count()).toBe(0);

    await button.click();
    await page.waitForURL((url) => url.origin === issuer);
    await page.fill('input[name="login"]', 'clerk-oidc-1');
    await page.fill('input[name="password"]', 'any');
    await page.click('button[type="submit"]');
    await page.locator('button:has-text("Continue")').click();

    await page.waitForURL((url) => url.origin === base && url.pathname === '/clerk');
    const session = await page.evaluate(() => ({
      token: sessionStorage.getItem('chuishao.token'),
      principal: JSON.parse(sessionStorage.getItem('chuishao.principal') ?? 'null') as unknown,
    }));
    expect(session.principal).toMatchObject({
      role: 'clerk',
      subject: 'clerk-oidc-1',
      centerId: 'anlizha-village',
    });
    const claims = JSON.parse(Buffer.from(session.token!.split('.')[1], 'base64url').toString()) as Record<
      string,
      unknown
    >;
    expect(claims).toMatchObject({ iss: issuer, aud: 'chuishao', role: 'clerk', sub: 'clerk-oidc-1' });

    // A case registered with the provider's token through the console's gateway shows on the page.
    const registered = await page.evaluate(async (body) => {
      const response = await fetch('/api/intake/cases', {
        method: 'POST',
        headers: {
          authorization: `Bearer ${sessionStorage.getItem('chuishao.token')}`,
          'content-type': 'application/json',
          'idempotency-key': crypto.randomUUID(),
        },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as { caseNo?: string } };
    }, ANLIZHA_CASE);
    expect(registered.status).toBe(201);
    await page.reload();
    await page.locator(`text=${registered.body.caseNo!}`).first().waitFor();
  }
});
