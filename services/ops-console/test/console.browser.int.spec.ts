import { decodeJwtPayloadForTest } from './jwt';
import { startService, waitFor, type RunningService } from '@chuishao/testing';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AppModule, OPS_CONSOLE_DESCRIPTION } from '../src/app.module';
import { Script, SlaTimerStub } from './support';

const SCREENSHOTS = path.resolve(__dirname, '../../../test-results/ops-console');
const WARNING_SECONDS = 4;
const DEADLINE_IN_MS = 12_000;

/**
 * The console in a real browser (Debian's Chromium driven by playwright-core): a whistle's
 * countdown appears, turns amber at the warning and red at the breach, a supervisor acknowledges
 * the escalation by clicking, and the board clears when sla-timer says so. sla-timer is played
 * by events on the console's topics and a stub of its HTTP API.
 */
describe('ops-console in a browser', () => {
  let consoleService: RunningService;
  let browser: Browser;
  let page: Page;
  const stub = new SlaTimerStub();
  const script = new Script(() => consoleService);

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const slaTimerUrl = await stub.start();
    consoleService = await startService(
      'ops-console',
      (config) => AppModule.forRoot(config, { settings: { slaTimerUrl, warningSeconds: WARNING_SECONDS } }),
      OPS_CONSOLE_DESCRIPTION,
    );
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await script.stop();
    await consoleService?.close();
    await stub.stop();
  });

  const attribute = (selector: string, name: string) =>
    page
      .locator(selector)
      .first()
      .getAttribute(name, { timeout: 1000 })
      .catch(() => null);

  it('signs in, shows the countdown, turns amber then red, and clears an escalation acknowledged by a click', async () => {
    await page.goto(consoleService.baseUrl);
    await page.selectOption('#dev-role', 'supervisor');
    await page.click('#dev-sign-in');
    await page.waitForSelector('#who:has-text("supervisor")', { timeout: 30000 });
    await page.waitForSelector('#count-open-whistles', { timeout: 30000 });

    // A whistle, as dispatch blows it, due a few seconds from now.
    const { caseId, caseNo } = await script.registerCase();
    const deadline = new Date(Date.now() + DEADLINE_IN_MS);
    const { whistleId, summons } = await script.blow(caseId, deadline, [
      ['ganzhou-traffic-police', '甘州区交警大队'],
    ]);
    const row = `tr[data-summons-id="${summons[0]!.summonsId}"]`;

    // Its countdown appears without a reload (SSE) and ticks in the browser.
    await page.waitForSelector(row, { timeout: 30000 });
    expect(await page.locator(`h3[data-whistle-id="${whistleId}"]`).textContent()).toContain(caseNo);
    const firstText = await page.locator(`${row} td.countdown`).textContent();
    expect(firstText).toMatch(/^-?\d+:\d\d$/);
    expect(['green', 'amber', 'red']).toContain(await attribute(row, 'data-signal'));

    // sla-timer warns: amber.
    await script.warn(caseId, whistleId, summons[0]!, deadline);
    await waitFor(
      'the row amber',
      async () =>
        (await attribute(row, 'data-signal')) === 'amber' || (await attribute(row, 'data-signal')) === 'red',
      { timeoutMs: 30000 },
    );

    // The deadline passes: red, before sla-timer even says so.
    await waitFor(
      'the row red once the deadline passed',
      async () => (await attribute(row, 'data-signal')) === 'red',
      {
        timeoutMs: DEADLINE_IN_MS + 20000,
      },
    );

    // sla-timer's breach and escalation: the row reads breached, the escalation waits for a supervisor.
    const { breachId, escalationId } = await script.breach(caseId, whistleId, summons[0]!, deadline);
    await waitFor(
      'the row marked breached',
      async () => (await attribute(row, 'data-status')) === 'breached',
      {
        timeoutMs: 30000,
      },
    );
    expect(await attribute(row, 'data-signal')).toBe('red');
    const button = `button[data-escalation-id="${escalationId}"]`;
    await page.waitForSelector(button, { timeout: 30000 });
    await page.waitForSelector(`tr[data-breach-id="${breachId}"]`, { timeout: 30000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'board-breached.png'), fullPage: true });

    // A click: the console forwards the supervisor's own token to sla-timer with an Idempotency-Key.
    await page.click(button);
    const call = await waitFor('sla-timer to be asked', () => stub.calls[0], { timeoutMs: 30000 });
    expect(call.method).toBe('POST');
    expect(call.url).toBe(`/escalations/${escalationId}/acknowledge`);
    expect(call.headers['idempotency-key']).toBe(`console-ack-${escalationId}`);
    expect(decodeJwtPayloadForTest(call.headers.authorization!)).toMatchObject({
      role: 'supervisor',
      sub: 'supervisor-console',
    });
    await page.waitForSelector(`${button}:disabled`, { timeout: 30000 });

    // sla-timer publishes EscalationAcknowledged: the escalation leaves the board.
    await script.acknowledged(caseId, breachId, escalationId, 'supervisor-console');
    await page.waitForSelector(button, { state: 'detached', timeout: 30000 });
    expect(stub.calls).toHaveLength(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'board-cleared.png'), fullPage: true });

    // The case page: the whole timeline, in order, in Chinese and in English.
    await page.click(`h3[data-whistle-id="${whistleId}"] a`);
    await page.waitForSelector('#timeline li[data-event-type="EscalationAcknowledged"]', { timeout: 30000 });
    const types = await page
      .locator('#timeline li')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-event-type')));
    expect(types).toEqual([
      'CaseRegistered',
      'WhistleBlown',
      'ArrivalWarningIssued',
      'ArrivalDeadlineBreached',
      'EscalationRaised',
      'EscalationAcknowledged',
    ]);
    expect(await page.locator('#timeline').textContent()).toContain('吹哨');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'case-page-zh.png'), fullPage: true });
    await page.click('#language');
    await page.waitForSelector('h1:has-text("Supervision console")', { timeout: 10000 });
    await page.waitForSelector('#timeline li[data-event-type="WhistleBlown"]:has-text("WhistleBlown")', {
      timeout: 10000,
    });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'case-page-en.png'), fullPage: true });

    // Scorecards with their charts.
    await page.click('a[data-nav="scorecards"]');
    await page.waitForSelector('tr[data-scorecard-id="ganzhou-traffic-police"]', { timeout: 30000 });
    await page.waitForSelector('div[data-chart="onTimeArrivalRate"] svg', { timeout: 30000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'scorecards.png'), fullPage: true });
  });
});
