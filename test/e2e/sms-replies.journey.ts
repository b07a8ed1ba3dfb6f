import type { Browser, Page } from 'playwright-core';
import { inBothLanguages, seriousViolations, signIn, trouble } from './browser';

const OPS = { role: 'ops', subject: 'ops-1' } as const;

/**
 * 短信回复 (issue 20 item 5) by ops in Chromium, after the rostered liaison acknowledged and
 * reported on site by SMS: the two replies, newest first, applied, the sender masked as department
 * gives it, the action in words. The ops header (nine items) must still fit, the sign-out button
 * on screen, in both languages; answers the axe findings of the page in both, and of the folded
 * "⋯" menu opened on a 1024 px screen.
 */
export async function readSmsReplies(browser: Browser, base: string) {
  const { page } = await signIn(browser, base, OPS);
  await page.goto(`${base}/sms-replies`);
  const note = await page.locator('[data-test="sms-grammar"]').textContent();
  expect(note).toContain('“1 <码>”确认收到，“2 <码>”报到');
  expect(await replyRows(page)).toEqual([
    ['139****0142', '已执行', '报到', ''],
    ['139****0142', '已执行', '确认收到', ''],
  ]);
  await page.locator('[data-test="sms-refresh"]').click();
  expect((await replyRows(page)).length).toBe(2);

  const unfit: string[] = [];
  const findings = await inBothLanguages(page, 'sms-replies', async (p) => {
    await replyRows(p);
    if (!(await headerFits(p))) unfit.push((await p.locator('html').getAttribute('lang')) ?? '?');
  });
  findings.push(...(await foldedMenu(page)));
  return { findings, unfit, trouble };
}

/** Sender, outcome, action and refusal words of each row, once department's answer is shown. */
async function replyRows(page: Page) {
  await page.locator('[data-test="sms-replies"][data-loaded="yes"]').waitFor();
  const rows = page.locator('[data-test="sms-replies"] .el-table__body tr');
  const cells = await Promise.all((await rows.all()).map((row) => row.locator('td').allTextContents()));
  return cells.map((c) => [c[1], c[3], c[4], c[5]].map((text) => text!.trim()));
}

/** The red header holds its menu, name and buttons: nothing scrolls out, sign-out is on screen. */
async function headerFits(page: Page) {
  const header = page.locator('.desk-header');
  const overflows = await header.evaluate(
    (h: { scrollWidth: number; clientWidth: number }) => h.scrollWidth > h.clientWidth,
  );
  const signOut = await page.locator('.desk-header .header-link').last().boundingBox();
  const width = page.viewportSize()?.width ?? 0;
  return !overflows && !!signOut && signOut.x + signOut.width <= width;
}

/** On a narrower screen the items that do not fit fold into "⋯": it opens, its items readable. */
async function foldedMenu(page: Page) {
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.locator('.desk-menu .el-sub-menu').click();
  const item = page.locator('.el-menu--popup .el-menu-item', { hasText: '短信回复' });
  await item.waitFor();
  const findings = (await seriousViolations(page)).map((f) => `sms-replies (menu folded) ${f}`);
  await item.click();
  await page.locator('[data-test="sms-replies"][data-loaded="yes"]').waitFor();
  return findings;
}
