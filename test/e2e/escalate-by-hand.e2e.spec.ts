import { as, http, waitFor } from '@chuishao/testing';
import type { Browser, Page } from 'playwright-core';
import { ANLIZHA_CASE, clerk, ok, operator, setReferenceCasePolicy, type Summons } from './api';
import {
  choose,
  inBothLanguages,
  launchChromium,
  photographAll,
  signIn,
  trouble,
  type Person,
} from './browser';
import { startSystem, type RunningSystem } from './system';

const SUPERVISOR: Person = {
  role: 'supervisor',
  subject: 'supervisor-ganzhou-1',
  centerId: 'ganzhou-district',
};
const supervisor = as(SUPERVISOR);
const JUDICIAL = 'shangqin-judicial-office';

interface Escalation {
  level: number;
  target: { kind: string; id: string };
}

/**
 * A supervisor escalates by hand (issue 20 item 2) on the workstation, in Chromium, through the
 * real system: the judicial office misses its arrival; the village's policy would chase the town
 * only an hour later, so the district supervisor opens the case, picks level 3 (the district, one
 * level skipped) among the levels sla-timer offers, and it is raised at once, their note kept;
 * asked again, only the level after it is offered. The dialog is scanned by axe in both languages.
 */
describe('escalation by hand from the case page, end to end', () => {
  let system: RunningSystem;
  let api: string;
  let browser: Browser | undefined;

  beforeAll(async () => {
    system = await startSystem({
      services: ['intake', 'dispatch', 'department', 'sla-timer', 'ops-console'],
    });
    api = system.urls['ops-console'];
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  /** Level 1 at the deadline, then each level an hour apart: nothing more comes during the test. */
  async function setSlowPolicy() {
    const policy = {
      warningSeconds: 2,
      levels: [
        { delaySeconds: 0, target: 'department_head' },
        { delaySeconds: 3600, target: 'center_up' },
        { delaySeconds: 3600, target: 'center_up' },
        { delaySeconds: 3600, target: 'center_supervisors' },
      ],
      repeat: 0,
    };
    await setReferenceCasePolicy(api, supervisor, policy);
  }

  async function breachedSummons() {
    const registered = await ok(api, 'POST', '/api/intake/cases', ANLIZHA_CASE, clerk);
    await setSlowPolicy();
    const blown = await ok(
      api,
      'POST',
      `/api/dispatch/cases/${registered.id}/whistles`,
      { departmentIds: [JUDICIAL], arrivalWithinSeconds: 10 },
      { ...operator, 'idempotency-key': `whistle-${registered.id}` },
    );
    const [judicial] = blown.summons as Summons[];
    await waitFor(
      'level 1 raised with the breach',
      async () => (await escalationsOf(judicial.id)).length === 1,
      {
        timeoutMs: 60_000,
      },
    );
    return { caseId: registered.id as string, summonsId: judicial.id };
  }

  async function escalationsOf(summonsId: string): Promise<Escalation[]> {
    const { body } = await http(api, 'GET', '/api/sla-timer/breaches?open=true', undefined, supervisor);
    const items = body.items as Array<{ summonsId: string; escalations: Escalation[] }> | undefined;
    return items?.find((b) => b.summonsId === summonsId)?.escalations ?? [];
  }

  /** The dialog of the judicial office's summons, once sla-timer's levels are in it. */
  async function openDialog(page: Page, current: number) {
    await page.locator(`[data-escalate="${JUDICIAL}"]`).click();
    await page.locator(`[data-test="escalate-form"][data-current="${current}"]`).waitFor();
  }

  /** The levels the open dialog's list offers, each as "第 n 级 · " (whom it chases cut off). */
  async function offeredLevels(page: Page) {
    await page.locator('[data-test="escalate-level"]').click();
    const options = page.locator('.el-select-dropdown__item:visible');
    await options.first().waitFor();
    const texts = await options.allTextContents();
    await page.locator('[data-test="escalate-level"]').click(); // closed again, the dialog left open
    await options.first().waitFor({ state: 'hidden' });
    return texts.map((text) => /^第 \d+ 级 · /.exec(text.trim())?.[0] ?? text);
  }

  it('raises the level the supervisor picks, at once, and then offers only the levels above it', async () => {
    const { caseId, summonsId } = await breachedSummons();
    browser = await launchChromium();
    try {
      const { page } = await signIn(browser, api, SUPERVISOR);
      await page.goto(`${api}/cases/${caseId}`);
      await openDialog(page, 1);
      expect(await offeredLevels(page)).toEqual(['第 2 级 · ', '第 3 级 · ', '第 4 级 · ']);
      await choose(page, '[data-test="escalate-level"]', '第 3 级');
      await page
        .locator('textarea[data-test="escalate-note"], [data-test="escalate-note"] textarea')
        .fill('群众聚集，需区级协调');
      await page.locator('[data-test="confirm-escalate"]').click();
      expect(await page.locator('[data-test="raised-by-hand"]').textContent()).toContain('已升级到第 3 级');

      const escalations = await waitFor('level 3 on the board', async () => {
        const found = await escalationsOf(summonsId);
        return found.some((e) => e.level === 3) && found;
      });
      expect(escalations.map((e) => [e.level, e.target.kind, e.target.id])).toEqual([
        [1, 'department_head', JUDICIAL],
        [3, 'center', 'ganzhou-district'],
      ]);

      const findings = await inBothLanguages(page, 'escalate-by-hand', (p) => openDialog(p, 3));
      expect(await offeredLevels(page)).toEqual(['第 4 级 · ']);
      expect({ findings, trouble }).toEqual({ findings: [], trouble: [] });
    } catch (e) {
      await photographAll(browser, 'failure-escalate-by-hand');
      throw e;
    }
  });
});
