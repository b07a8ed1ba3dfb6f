import { waitFor } from '@chuishao/testing';
import type { Browser, Page } from 'playwright-core';
import { ANLIZHA_CASE } from './api';
import { editEscalationPolicy } from './escalation-policies.journey';
import {
  fillSignIn,
  choose,
  HALL,
  inBothLanguages,
  launchChromium,
  PHONE,
  photographAll,
  signIn,
  trouble,
  type Person,
} from './browser';
import { ALL_SERVICES, startSystem, type RunningSystem } from './system';

const CLERK: Person = { role: 'clerk', subject: 'clerk-anlizha-1', centerId: 'anlizha-village' };
const OPERATOR: Person = { role: 'operator', subject: 'operator-ganzhou-1', centerId: 'ganzhou-district' };
const SUPERVISOR: Person = {
  role: 'supervisor',
  subject: 'supervisor-ganzhou-1',
  centerId: 'ganzhou-district',
};
const MEDIATOR: Person = { role: 'mediator', subject: 'mediator-zhang', centerId: 'ganzhou-district' };
const liaison = (departmentId: string): Person => ({
  role: 'liaison',
  subject: `liaison-${departmentId}`,
  departmentId,
});
/** The first party's number with its last digit changed, as a clerk might mistype it. */
const WRONG_CHECK_DIGIT = '620702196805051234';
/** The reference case's parties with ID numbers whose check digit is right (the window checks it). */
const PARTIES = [
  { name: '王某', idNumber: '62070219680505123X', phone: '13909361234' },
  { name: '赵某', idNumber: '620702199002021110', phone: '13519361111' },
];

/**
 * The reference case carried by people in real Chromium, through the workstation, against every
 * service as a process (the way `npm start` runs them): a clerk registers it at the window, an
 * operator whistles three departments with a 30-second deadline, three liaisons answer on phones
 * (the town government declines and is replaced by the police station, which arrives late), a
 * supervisor takes the escalation, a mediator holds two sessions, signs the agreement and applies
 * for judicial confirmation, and the court's confirmation shows on the case page. Every page is
 * photographed in Chinese and English (test-results/web/) and scanned by axe-core. On its own, a
 * supervisor edits an escalation policy on 升级策略 (escalation-policies.journey.ts).
 */
describe('the workstation: the reference case by people, in the browser', () => {
  let system: RunningSystem;
  let browser: Browser;
  let base: string;
  const findings: string[] = [];

  beforeAll(async () => {
    system = await startSystem({
      services: [...ALL_SERVICES, 'ops-console'],
      env: {
        CHUISHAO_DEV: '1',
        COURT_ACCEPT_AFTER_MS: '500',
        COURT_RULE_AFTER_MS: '1000',
        COURT_SUBMIT_POLL_MS: '200',
        CONSOLE_BOARD_REFRESH_SECONDS: '1',
      },
    });
    base = system.urls['ops-console'];
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  const text = (page: Page, selector: string) => page.locator(selector).first().waitFor();

  it('from the window to the court’s confirmation, in zh-CN and en, on desktops and phones', async () => {
    try {
      await journey();
    } catch (error) {
      await photographAll(browser, 'failure');
      throw new Error(`${String(error)}\nin the pages:\n${trouble.join('\n')}`);
    }
  }, 600_000);

  it('a supervisor edits an escalation policy on 升级策略, and sla-timer stores it', async () => {
    try {
      expect(await editEscalationPolicy(browser, base, SUPERVISOR)).toEqual([]);
    } catch (error) {
      await photographAll(browser, 'failure-policies');
      throw new Error(`${String(error)}\nin the pages:\n${trouble.join('\n')}`);
    }
  }, 180_000);

  async function journey() {
    // 1. The window clerk registers the petition; the ID number is checked as it is typed.
    const clerk = await signIn(browser, base, CLERK);
    await clerk.page.waitForSelector('[data-test="register"]');
    await choose(clerk.page, '[data-test="dispute-type"]', '道路交通事故');
    await clerk.page.getByText('紧急', { exact: true }).click();
    await clerk.page.fill('textarea[name="summary"]', ANLIZHA_CASE.summary);
    await clerk.page.fill('input[name="party-0-name"]', PARTIES[0].name);
    await clerk.page.fill('input[name="party-0-id"]', WRONG_CHECK_DIGIT);
    await text(clerk.page, 'text=请输入 18 位居民身份证号码');
    await clerk.page.fill('input[name="party-0-id"]', PARTIES[0].idNumber);
    await clerk.page.fill('input[name="party-0-phone"]', PARTIES[0].phone);
    await clerk.page.getByRole('button', { name: '添加当事人' }).click();
    await choose(clerk.page, '.party >> nth=1 >> .el-select', '被申请人');
    await clerk.page.fill('input[name="party-1-name"]', PARTIES[1].name);
    await clerk.page.fill('input[name="party-1-id"]', PARTIES[1].idNumber);
    await clerk.page.fill('input[name="party-1-phone"]', PARTIES[1].phone);
    findings.push(
      ...(await inBothLanguages(clerk.page, 'clerk-register', (p) =>
        p.waitForSelector('input[name="party-1-phone"]'),
      )),
    );
    // The token runs out (here: one the services refuse) while the form is full: the next call
    // answers 401, the clerk signs in again and comes back to the form as it was.
    await clerk.page.evaluate(() => sessionStorage.setItem('chuishao.token', 'expired.token.value'));
    await clerk.page.reload();
    await clerk.page.waitForURL(
      (url) => url.pathname === '/sign-in' && url.searchParams.get('back') === '/clerk',
    );
    await text(clerk.page, 'text=登录已过期，请重新登录；已填写的内容已保留。');
    await fillSignIn(clerk.page, CLERK);
    expect(await clerk.page.inputValue('input[name="party-1-phone"]')).toBe(PARTIES[1].phone);
    await clerk.page.locator('[data-test="register"]').click();
    const result = clerk.page.locator('.el-result__title');
    await result.waitFor();
    const caseNo = (/[A-Z]+-\S+/.exec((await result.textContent()) ?? '') ?? [''])[0];
    expect(caseNo).not.toBe('');
    expect(await clerk.page.locator('.el-result').textContent()).toContain('139****1234');
    expect(await clerk.page.locator('.el-result').textContent()).not.toContain(PARTIES[0].phone);
    findings.push(
      ...(await inBothLanguages(clerk.page, 'clerk-cases', (p) => p.waitForSelector(`text=${caseNo}`))),
    );

    // 2. The operator opens it from the queue, keeps the routing rule's departments, sets 30 s, whistles.
    const operator = await signIn(browser, base, OPERATOR);
    const open = operator.page.locator(`[data-case-no="${caseNo}"]`);
    await waitFor('the case in the operator’s queue', async () => {
      await operator.page.reload();
      return open
        .first()
        .isVisible({ timeout: 2000 })
        .catch(() => false);
    });
    findings.push(
      ...(await inBothLanguages(operator.page, 'operator-queue', (p) =>
        p.waitForSelector(`[data-case-no="${caseNo}"]`),
      )),
    );
    await open.first().click();
    // The routing rule's three departments, chosen as soon as dispatch has learnt of the case.
    await operator.page.locator('[data-test="departments"] .el-tag').nth(2).waitFor({ timeout: 90_000 });
    expect(await operator.page.locator('[data-test="departments"] .el-tag').allTextContents()).toEqual([
      '甘州区交警大队',
      '上秦镇司法所',
      '上秦镇人民政府',
    ]);
    findings.push(
      ...(await inBothLanguages(operator.page, 'operator-dispatch', (p) =>
        p.waitForSelector('[data-test="whistle"]'),
      )),
    );
    await operator.page
      .locator('input[aria-label="报到时限（分钟）"], .el-input-number input')
      .first()
      .fill('0.5');
    await operator.page.locator('[data-test="whistle"]').click();
    await operator.page.waitForSelector('[data-summons-status="notified"]');
    await operator.page.waitForSelector('[data-signal="amber"]'); // 30 s is inside the warning window

    // 3. Three liaisons on their phones: two acknowledge and report on site, the town government declines.
    const phone = async (departmentId: string) => {
      const session = await signIn(browser, base, liaison(departmentId), PHONE);
      await session.page.waitForSelector(`[data-case-no="${caseNo}"]`);
      return session;
    };
    for (const departmentId of ['ganzhou-traffic-police', 'shangqin-judicial-office']) {
      const { page } = await phone(departmentId);
      const card = page.locator(`[data-case-no="${caseNo}"]`);
      await card.locator('[data-action="acknowledge"]').click();
      await card.locator('[data-action="arrive"]').click();
      await page.locator(`[data-case-no="${caseNo}"]`).waitFor({ state: 'detached' });
    }
    const town = await phone('shangqin-town-government');
    findings.push(
      ...(await inBothLanguages(town.page, 'liaison-phone', (p) =>
        p.waitForSelector(`[data-case-no="${caseNo}"]`),
      )),
    );
    await town.page.locator(`[data-case-no="${caseNo}"] [data-action="decline"]`).click();
    await town.page.fill('textarea[name="decline-reason"]', '镇政府今日无人值班');
    await town.page.locator('.van-dialog__confirm').click();
    await town.page.locator(`[data-case-no="${caseNo}"]`).waitFor({ state: 'detached' });

    // 4. The operator sees the reason and reassigns to the police station.
    await operator.page.waitForSelector('text=镇政府今日无人值班', { timeout: 30_000 });
    await operator.page.locator('[data-reassign="shangqin-town-government"]').click();
    await choose(operator.page, '[data-test="reassign-to"]', '上秦派出所');
    await operator.page.locator('[data-test="confirm-reassign"]').click();
    findings.push(
      ...(await inBothLanguages(operator.page, 'operator-summons', async (p) => {
        await p.waitForSelector('[data-summons-status="arrived"]');
        await p.waitForSelector('.el-descriptions');
      })),
    );

    // 5. The police station misses the deadline: red on the board, an escalation the supervisor takes by a click.
    const supervisor = await signIn(browser, base, SUPERVISOR);
    await supervisor.page.goto(`${base}/board`);
    await supervisor.page.waitForSelector('[data-signal="red"]', { timeout: 90_000 });
    const take = supervisor.page.locator('[data-escalation]').first();
    await take.waitFor({ timeout: 60_000 });
    findings.push(
      ...(await inBothLanguages(supervisor.page, 'supervisor-board', (p) =>
        p.waitForSelector('[data-escalation]'),
      )),
    );
    await supervisor.page.locator('[data-escalation]').first().click();
    await supervisor.page
      .locator('[data-escalation]')
      .first()
      .waitFor({ state: 'detached', timeout: 30_000 });
    const police = await phone('shangqin-police-station');
    await police.page.locator(`[data-case-no="${caseNo}"] [data-action="acknowledge"]`).click();
    await police.page.locator(`[data-case-no="${caseNo}"] [data-action="arrive"]`).click();
    await police.page.locator(`[data-case-no="${caseNo}"]`).waitFor({ state: 'detached' });

    // 6. The mediator: two sessions, the art. 29 agreement signed by every party, the application.
    const mediator = await signIn(browser, base, MEDIATOR);
    const mediation = mediator.page.locator(`[data-case-no="${caseNo}"]`);
    await waitFor('the mediation on the mediator’s desk', async () => {
      await mediator.page.reload();
      return mediation
        .first()
        .isVisible({ timeout: 2000 })
        .catch(() => false);
    });
    findings.push(
      ...(await inBothLanguages(mediator.page, 'mediator-list', (p) =>
        p.waitForSelector(`[data-case-no="${caseNo}"]`),
      )),
    );
    await mediation.first().click();
    for (const level of ['sentiment', 'law']) {
      await mediator.page.waitForSelector('[data-test="save-session"]');
      await mediator.page.locator(`[data-level="${level}"]`).click();
      await mediator.page.fill('textarea[name="session-notes"]', `现场调解（${level}）`);
      await mediator.page.locator('[data-test="save-session"]').click();
      await mediator.page.waitForSelector(`text=现场调解（${level}）`);
    }
    await mediator.page.fill('textarea[name="facts"]', '县道交通事故，申请人之女死亡。');
    await mediator.page.fill('input[name="matter-0"]', '死亡赔偿');
    await mediator.page.fill('input[name="responsibility-1"]', '驾驶人负主要责任');
    await mediator.page.fill('textarea[name="terms"]', '驾驶人于七日内赔偿 520000 元。');
    await mediator.page.locator('input[aria-label="金额（元）"]').fill('520000');
    await mediator.page.fill('input[name="manner"]', '银行转账');
    for (const p of PARTIES) await mediator.page.locator(`[data-sign="${p.name}"]`).click();
    await mediator.page.locator('[data-sign="mediator"]').click();
    findings.push(
      ...(await inBothLanguages(mediator.page, 'mediator-agreement', (p) =>
        p.waitForSelector('[data-test="sign-agreement"]'),
      )),
    );
    await mediator.page.locator('[data-test="sign-agreement"]').click();
    await mediator.page.waitForSelector('[data-test="apply-confirmation"]', { timeout: 60_000 });
    await mediator.page.locator('[data-test="apply-confirmation"]').click();
    await mediator.page.waitForSelector('[data-confirmation="confirmed"]', { timeout: 60_000 });
    findings.push(
      ...(await inBothLanguages(mediator.page, 'mediator-confirmation', (p) =>
        p.waitForSelector('[data-confirmation="confirmed"]'),
      )),
    );
    // The agreement's performance (art. 31): before its deadline only early performance is offered.
    const performanceForm = mediator.page.locator('[data-test="performance-form"]');
    expect(await performanceForm.locator('[data-outcome]').count()).toBe(1);
    await performanceForm.locator('[data-outcome="performed"]').click();
    await mediator.page.locator('[data-test="save-performance"]').click();
    findings.push(
      ...(await inBothLanguages(mediator.page, 'mediator-performance', (p) =>
        p.waitForSelector('[data-test="performance"] li[data-outcome="performed"]'),
      )),
    );
    expect(await performanceForm.count()).toBe(0); // performed is final: nothing more to record

    // 7. The case page: the court's confirmation and a timeline written for people.
    await supervisor.page.goto(`${base}/cases`);
    await supervisor.page.locator(`a:has-text("${caseNo}")`).first().click();
    await supervisor.page.waitForSelector('text=法院裁定调解协议有效', { timeout: 60_000 });
    const timeline = (await supervisor.page.locator('[data-test="timeline"]').textContent()) ?? '';
    expect(timeline).toContain('上秦镇人民政府拒绝召集：镇政府今日无人值班');
    expect(timeline).toContain('上秦派出所到场报到');
    expect(timeline).not.toMatch(
      /[A-Z][a-z]+[A-Z][a-z]+(Registered|Blown|Scheduled|Reached)|road_traffic|approachLevel/,
    );
    findings.push(
      ...(await inBothLanguages(supervisor.page, 'case-page', (p) =>
        p.waitForSelector('[data-test="timeline"]'),
      )),
    );
    const deepLink = supervisor.page.url();
    await supervisor.page.goto(deepLink); // a deep link opens the page, not a 404
    await supervisor.page.waitForSelector('[data-test="timeline"]');

    // 8. Scorecards (ECharts) and the hall screen.
    await supervisor.page.goto(`${base}/scorecards`);
    findings.push(
      ...(await inBothLanguages(supervisor.page, 'scorecards', (p) => p.waitForSelector('canvas'))),
    );
    const hall = await signIn(browser, base, SUPERVISOR, HALL);
    await hall.page.goto(`${base}/hall`);
    findings.push(
      ...(await inBothLanguages(hall.page, 'hall-screen', (p) => p.waitForSelector('.counts b'))),
    );
    findings.push(
      ...(await inBothLanguages(clerk.page.context().pages()[0], 'clerk-after', (p) =>
        p.waitForSelector('[data-test="register"], .el-result'),
      )),
    );

    expect(findings).toEqual([]);
  }
});
