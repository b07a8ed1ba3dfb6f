import { as, http, waitFor } from '@chuishao/testing';
import { createHmac } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { ANLIZHA_CASE, clerk, liaisonOf, ok, operator, setReferenceCasePolicy, type Summons } from './api';
import { launchChromium, photographAll } from './browser';
import { readSmsReplies } from './sms-replies.journey';
import { startSystem, type RunningSystem } from './system';

const supervisor = as({ role: 'supervisor', subject: 'supervisor-ganzhou-1' });
const ops = as({ role: 'ops', subject: 'ops-1' });
const JUDICIAL = 'shangqin-judicial-office';
const POLICE = 'shangqin-police-station';
/** The judicial office's second liaison (contacts.json: on-duty flag off, phone below), keeping its roster. */
const keeper = as({ role: 'liaison', subject: 'liaison-2', departmentId: JUDICIAL });
const ROSTERED_PHONE = '13900000142';
/** The SMS gateway's signing secret under CHUISHAO_DEV=1 (department's published development one). */
const INBOUND_SECRET = 'dev-sms-inbound-secret';

interface Escalation {
  level: number;
  target: { kind: string; id: string };
  raisedAt: string;
}

/**
 * Dispatch as on-call systems do it (issue 20), the four together through the real system: a
 * roster picks the liaison who is texted; the supervisor's escalation policy for the village has a
 * level with nobody above the district, skipped at once; the operator adds a department
 * mid-whistle; the rostered liaison acknowledges and reports on site by replying to the text with
 * its code, through the SMS gateway's signed inbound webhook; ops then reads both replies on the
 * workstation's 短信回复 page in Chromium.
 */
describe('roster, policy with an empty level, a department added, answers by SMS: end to end', () => {
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

  const get = (path: string, caller: Record<string, string> = supervisor) =>
    http(api, 'GET', path, undefined, caller);

  /** What the SMS gateway does with a liaison's reply: signs it and posts it to the department. */
  function smsReply(messageId: string, text: string) {
    const body = JSON.stringify({ messageId, from: ROSTERED_PHONE, text });
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = createHmac('sha256', INBOUND_SECRET).update(`${timestamp}.${body}`).digest('hex');
    return http(system.urls.department, 'POST', '/sms/inbound', body, {
      'x-sms-timestamp': String(timestamp),
      'x-sms-signature': `sha256=${signature}`,
    });
  }

  async function setUpRosterAndPolicy() {
    const yesterday = new Date(Date.now() + 8 * 3600_000 - 86400_000).toISOString().slice(0, 10);
    const rotation = { contactIds: ['liaison-2'], shift: 'daily', handover: '00:00', startDate: yesterday };
    await ok(api, 'PUT', `/api/department/departments/${JUDICIAL}/roster`, rotation, keeper);
    // Village → town → district, then nobody: the third center_up is empty and skipped, its hour
    // not waited out; the on-duty liaison is chased 2 s after the district.
    const policy = {
      warningSeconds: 5,
      levels: [
        { delaySeconds: 0, target: 'department_head' },
        { delaySeconds: 2, target: 'center_up' },
        { delaySeconds: 2, target: 'center_up' },
        { delaySeconds: 3600, target: 'center_up' },
        { delaySeconds: 2, target: 'on_duty_liaison' },
      ],
      repeat: 0,
    };
    await setReferenceCasePolicy(api, supervisor, policy);
  }

  it('texts the rostered liaison, skips the empty level, summons the added department, and takes the liaison’s answers by SMS', async () => {
    const registered = await ok(api, 'POST', '/api/intake/cases', ANLIZHA_CASE, clerk);
    await waitFor(
      'dispatch to know the case',
      async () => (await get(`/api/dispatch/cases/${registered.id}/whistles`, operator)).status === 200,
    );
    await setUpRosterAndPolicy();
    const blown = await ok(
      api,
      'POST',
      `/api/dispatch/cases/${registered.id}/whistles`,
      { departmentIds: [JUDICIAL], arrivalWithinSeconds: 10 },
      { ...operator, 'idempotency-key': `whistle-${registered.id}` },
    );
    const [judicial] = blown.summons as Summons[];
    const added = await ok(
      api,
      'POST',
      `/api/dispatch/whistles/${blown.id}/summons`,
      { departmentId: POLICE, reason: '双方情绪激动，需派出所到场', arrivalWithinSeconds: 600 },
      { ...operator, 'idempotency-key': `add-${blown.id}` },
    );
    const police = (added.summons as Summons[]).find((s) => s.departmentId === POLICE)!;

    // The roster's liaison is texted (not liaison-1, whose on-duty flag is set), with a reply code.
    const summonsText = await waitFor('the summons texted to the rostered liaison', async () => {
      const { body } = await get(`/api/department/sms-simulator/messages?to=${ROSTERED_PHONE}`, ops);
      return (body.items as Array<{ text: string }> | undefined)?.find((m) =>
        m.text.includes(registered.caseNo),
      );
    });
    const code = /回复“1 (\d+)”确认收到/.exec(summonsText.text)?.[1];
    expect(code).toBeDefined();

    // The judicial office misses its 10 s: levels 1–3 and then 5, level 4 (nobody) skipped at once.
    const escalations = await waitFor(
      'the ladder to reach the on-duty liaison',
      async () => {
        const { body } = await get('/api/sla-timer/breaches');
        const breach = (
          body.items as Array<{ summonsId: string; escalations: Escalation[] }> | undefined
        )?.find((b) => b.summonsId === judicial.id);
        return breach?.escalations.some((e) => e.level === 5) && breach.escalations;
      },
      { timeoutMs: 90_000 },
    );
    const byLevel = [...escalations].sort((a, b) => a.level - b.level);
    expect(byLevel.map((e) => [e.level, e.target.kind])).toEqual([
      [1, 'department_head'],
      [2, 'center'],
      [3, 'center'],
      [5, 'on_duty_liaison'],
    ]);
    expect(byLevel.map((e) => e.target.id).slice(1, 3)).toEqual(['shangqin-town', 'ganzhou-district']);
    const skippedSeconds = (Date.parse(byLevel[3]!.raisedAt) - Date.parse(byLevel[2]!.raisedAt)) / 1000;
    expect(skippedSeconds).toBeLessThan(600);
    await waitFor(
      'the on-duty liaison chased again (its text planned; the throttle may hold it)',
      async () => {
        const { body } = await get(`/api/department/summons/${judicial.id}/notifications`);
        return (body.items as Array<{ kind: string; recipient: string }> | undefined)?.some(
          (n) => n.kind === 'escalation' && n.recipient === `department:${JUDICIAL}:contact:liaison-2`,
        );
      },
    );

    // The liaison answers from the phone: acknowledged, then on site, each once.
    const acknowledged = await smsReply(`mo-${judicial.id}-1`, `1 ${code}`);
    expect(acknowledged.body).toMatchObject({
      outcome: 'applied',
      action: 'acknowledge',
      summonsId: judicial.id,
    });
    const arrived = await smsReply(`mo-${judicial.id}-2`, `报到 ${code}`);
    expect(arrived.body).toMatchObject({ outcome: 'applied', action: 'arrive', summonsId: judicial.id });
    const inbox = await ok(api, 'GET', `/api/department/summons/${judicial.id}`, undefined, supervisor);
    expect(inbox.status).toBe('arrived');

    // The added department arrives by the app; the whistle completes on both.
    await ok(
      api,
      'POST',
      `/api/department/summons/${police.id}/arrive`,
      {},
      {
        ...liaisonOf(POLICE),
        'idempotency-key': `arrive-${police.id}`,
      },
    );
    await waitFor('dispatch to complete the whistle', async () => {
      const { body } = await get(`/api/dispatch/whistles/${blown.id}`, operator);
      return body.status === 'completed';
    });
    const replies = await get('/api/department/sms/replies?limit=5', ops);
    expect(
      replies.body.items.slice(0, 2).map((r: { outcome: string; sender: string }) => [r.outcome, r.sender]),
    ).toEqual([
      ['applied', '139****0142'],
      ['applied', '139****0142'],
    ]);

    // Ops reads the same two replies on the workstation's 短信回复 page.
    browser = await launchChromium();
    try {
      expect(await readSmsReplies(browser, api)).toEqual({ findings: [], unfit: [], trouble: [] });
    } catch (e) {
      await photographAll(browser, 'failure-sms-replies');
      throw e;
    }
  });
});
