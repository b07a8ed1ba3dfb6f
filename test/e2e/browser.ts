import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@chuishao/testing';

export const SCREENSHOTS = path.join(repoRoot(), 'test-results', 'web');

/** Debian's Chromium, headless, as CI installs it. */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking'],
  });
}

export const DESKTOP = { viewport: { width: 1440, height: 900 } };
export const PHONE = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
};
export const HALL = { viewport: { width: 1920, height: 1080 } };

/** What went wrong in the pages (errors, refused requests): printed when a journey fails. */
export const trouble: string[] = [];

/** Photographs every open page of the browser, for the report of a failed journey. */
export async function photographAll(browser: Browser, prefix: string): Promise<void> {
  let n = 0;
  for (const context of browser.contexts())
    for (const page of context.pages())
      await page
        .screenshot({ path: path.join(SCREENSHOTS, `${prefix}-${++n}.png`), fullPage: true })
        .catch(() => undefined);
}

export interface Person {
  role: 'clerk' | 'operator' | 'liaison' | 'mediator' | 'supervisor' | 'ops';
  subject: string;
  centerId?: string;
  departmentId?: string;
}

/** A person's own browser (own sessionStorage), signed in through the dev sign-in page. */
export async function signIn(
  browser: Browser,
  baseUrl: string,
  person: Person,
  options = DESKTOP,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ ...options, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.on('pageerror', (error) => trouble.push(`${person.subject}: page error ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400)
      trouble.push(
        `${person.subject}: ${response.request().method()} ${response.url()} → ${response.status()}`,
      );
  });
  await page.goto(`${baseUrl}/sign-in`);
  await fillSignIn(page, person);
  return { context, page };
}

/** The dev sign-in form, on the sign-in page the browser is on; waits until the app leaves it. */
export async function fillSignIn(page: Page, person: Person): Promise<void> {
  // Ops has no persona button (no center or department to show it with): picked from the role list.
  if (person.role === 'ops') {
    await choose(page, '.sign-in .el-select', '运维人员');
    await page.fill('input[name="centerId"]', ''); // ops belongs to no center
  } else await page.locator(`[data-persona="${person.role}"]`).first().click();
  await page.fill('input[name="subject"]', person.subject);
  if (person.departmentId) await page.fill('input[name="departmentId"]', person.departmentId);
  if (person.centerId) await page.fill('input[name="centerId"]', person.centerId);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

/** Serious and critical accessibility findings of the page as it is now (axe-core). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * Every page once in Chinese and once in English, screenshots under test-results/web/, and an
 * axe scan of each: the page is switched by its own language button state (localStorage) and
 * reloaded, which also proves a reload keeps the sign-in and the drafts.
 */
export async function inBothLanguages(page: Page, name: string, ready: (page: Page) => Promise<unknown>) {
  const findings: string[] = [];
  for (const locale of ['zh-CN', 'en'] as const) {
    await page.evaluate((l) => localStorage.setItem('chuishao.locale', l), locale);
    await page.reload();
    await ready(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.${locale}.png`), fullPage: true });
    findings.push(...(await seriousViolations(page)).map((f) => `${name} (${locale}) ${f}`));
  }
  await page.evaluate(() => localStorage.setItem('chuishao.locale', 'zh-CN'));
  await page.reload();
  await ready(page);
  return findings;
}

/** Picks an option of an Element Plus select by its visible text. */
export async function choose(page: Page, select: string, option: string) {
  await page.locator(select).click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click();
}
