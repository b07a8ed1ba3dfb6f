import { developmentVariables, undocumentedVariables } from '@chuishao/kernel';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_RETRY_POLICY } from '../domain/notification';
import { loadNotificationSettings, notificationSettingsSchema } from './notification-settings';

describe('notification settings from the environment', () => {
  it('defaults to 24 hours of retries, the SMS simulator and the worker on', () => {
    const settings = loadNotificationSettings({});
    expect(settings.retry).toEqual(DEFAULT_RETRY_POLICY);
    expect(settings.sms).toEqual({ gateway: 'simulator', endpoint: null, apiKey: null, templateIds: {} });
    expect(settings.workerEnabled).toBe(true);
  });

  it('reads second-scale retries and the real gateway', () => {
    const settings = loadNotificationSettings({
      NOTIFY_RETRY_BASE_MS: '200',
      NOTIFY_RETRY_MAX_DELAY_MS: '1000',
      NOTIFY_MAX_ATTEMPTS: '4',
      SMS_GATEWAY: 'http',
      SMS_GATEWAY_URL: 'https://sms.example.cn/send',
      SMS_GATEWAY_KEY: 'k',
      SMS_TEMPLATE_IDS: '{"summons":"SMS_001"}',
      NOTIFY_WORKER_ENABLED: 'false',
    });
    expect(settings.retry).toMatchObject({ baseDelayMs: 200, maxDelayMs: 1000, maxAttempts: 4 });
    expect(settings.sms).toEqual({
      gateway: 'http',
      endpoint: 'https://sms.example.cn/send',
      apiKey: 'k',
      templateIds: { summons: 'SMS_001' },
    });
    expect(settings.workerEnabled).toBe(false);
  });

  it('refuses what cannot work, naming the variable', () => {
    expect(() => loadNotificationSettings({ NOTIFY_MAX_ATTEMPTS: '0' })).toThrow(/NOTIFY_MAX_ATTEMPTS/);
    expect(() => loadNotificationSettings({ NOTIFY_RETRY_BASE_MS: 'soon' })).toThrow(/NOTIFY_RETRY_BASE_MS/);
    expect(() => loadNotificationSettings({ SMS_GATEWAY: 'pigeon' })).toThrow(/SMS_GATEWAY/);
    expect(() => loadNotificationSettings({ SMS_GATEWAY: 'http' })).toThrow(/SMS_GATEWAY_URL/);
    expect(() => loadNotificationSettings({ SMS_TEMPLATE_IDS: '{' })).toThrow(/SMS_TEMPLATE_IDS/);
    // An attempt that may wait 10 s for a webhook's answer cannot hold a lease of 10 s.
    expect(() => loadNotificationSettings({ NOTIFY_LEASE_MS: '10000' })).toThrow(/NOTIFY_LEASE_MS/);
    expect(
      loadNotificationSettings({ NOTIFY_LEASE_MS: '3000', NOTIFY_WEBHOOK_TIMEOUT_MS: '2000' }).leaseMs,
    ).toBe(3000);
  });

  it('names every variable it reads in the README (the platform-wide switch is in the root README)', () => {
    const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
    expect(
      undocumentedVariables(notificationSettingsSchema, readme, Object.keys(developmentVariables)),
    ).toEqual([]);
  });
});
