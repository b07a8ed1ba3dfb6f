import { as, http, waitFor } from '@chuishao/testing';
import type { Browser } from 'playwright-core';
import { ANLIZHA_CASE, clerk, ok, operator, type Summons } from './api';
import { inBothLanguages, launchChromium, signIn, trouble } from './browser';
import { startSystem, type RunningSystem } from './system';

const supervisor = as({ role: 'supervisor', subject: 'supervisor-ganzhou-1' });
const JUDICIAL = 'shangqin-judicial-office';
/** The judicial office's second liaison (contacts.json: on-duty flag off), keeping its roster. */
const keeper = as({ role: 'liaison', subject: 'liaison-2', departmentId: JUDICIAL });
const rosterPath = `/api/department/departments/${JUDICIAL}/roster`;
const recipient = (contactId: string) => `department:${JUDICIAL}:contact:${contactId}`;

/**
 * A roster picks the liaison (issue 20 item 1), end to end through the real system and the
 * console's forwarding as the workstation calls it: the department's liaison puts themself on a
 * rotation; the operator blows a whistle through dispatch; department texts the rostered liaison,
 * not the one whose on-duty flag is set; a later roster edit changes who is on duty now and not
 * who was told of that summons; the liaison's shifts open in a calendar app with their feed token.
 */
describe('a duty roster picks who is texted, end to end', () => {
  let system: RunningSystem;
  let api: string;
  let browser: Browser | undefined;

  beforeAll(async () => {
    system = await startSystem({ services: ['intake', 'dispatch', 'department', 'ops-console'] });
    api = system.urls['ops-console'];
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  const get = (path: string, caller: Record<string, string> = supervisor) =>
    http(api, 'GET', path, undefined, caller);

  it('texts the rostered liaison and keeps that record when the roster changes', async () => {
    // Yesterday in Beijing time: the single-liaison rotation is running now.
    const yesterday = new Date(Date.now() + 8 * 3600_000 - 86400_000).toISOString().slice(0, 10);
    const rotation = { contactIds: ['liaison-2'], shift: 'daily', handover: '00:00', startDate: yesterday };
    await ok(api, 'PUT', rosterPath, rotation, keeper);
    const onDuty = await ok(api, 'GET', `/api/department/departments/${JUDICIAL}/on-duty`, undefined, keeper);
    expect(onDuty).toMatchObject({ roster: true, contactIds: ['liaison-2'] });

    const registered = await ok(api, 'POST', '/api/intake/cases', ANLIZHA_CASE, clerk);
    await waitFor(
      'dispatch to know the case',
      async () => (await get(`/api/dispatch/cases/${registered.id}/whistles`, operator)).status === 200,
    );
    const blown = await ok(
      api,
      'POST',
      `/api/dispatch/cases/${registered.id}/whistles`,
      { departmentIds: [JUDICIAL], arrivalWithinSeconds: 600 },
      { ...operator, 'idempotency-key': `whistle-${registered.id}` },
    );
    const [summons] = blown.summons as Summons[];
    const texted = () =>
      waitFor(
        'the SMS to whoever was on duty, delivered',
        async () => {
          const { body } = await get(`/api/department/summons/${summons.id}/notifications`);
          const sms = (
            (body.items ?? []) as Array<{ channel: string; recipient: string; state: string }>
          ).filter((n) => n.channel === 'sms');
          return sms.length > 0 && sms.every((n) => n.state === 'delivered') && sms.map((n) => n.recipient);
        },
        { timeoutMs: 60_000 },
      );
    expect(await texted()).toEqual([recipient('liaison-2')]);

    await ok(api, 'PUT', rosterPath, { ...rotation, contactIds: ['liaison-1'] }, keeper);
    const now = await ok(api, 'GET', `/api/department/departments/${JUDICIAL}/on-duty`, undefined, keeper);
    expect(now.contactIds).toEqual(['liaison-1']);
    expect(await texted()).toEqual([recipient('liaison-2')]);

    const feed = await ok(api, 'POST', `${rosterPath}/contacts/liaison-2/feed-token`, undefined, {
      ...keeper,
      'idempotency-key': `feed-${registered.id}`,
    });
    // A calendar app sends no token of the person's: the feed's own token opens it.
    const ics = await fetch(`${api}/api/department${feed.path}`);
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toContain('text/calendar');
    expect(await ics.text()).toContain('BEGIN:VCALENDAR');
  });

  it("shows the liaison their department's roster and who is on duty now, in zh-CN and en", async () => {
    browser = await launchChromium();
    const person = { role: 'liaison' as const, subject: 'liaison-2', departmentId: JUDICIAL };
    const { page } = await signIn(browser, api, person);
    await page.goto(`${api}/roster`);
    const onDuty = page.locator('[data-test="on-duty"]');
    await onDuty.waitFor();
    expect(await onDuty.textContent()).toContain('liaison-1');
    const findings = await inBothLanguages(page, 'duty-roster', (p) =>
      p.waitForSelector('[data-test="on-duty"]'),
    );
    expect({ findings, trouble }).toEqual({ findings: [], trouble: [] });
  }, 120_000);
});
