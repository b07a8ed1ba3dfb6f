import { addressAllowed, assertWebhookTarget } from './webhook-target';

const PRODUCTION = { development: false };
const DEVELOPMENT = { development: true };

const INSIDE = [
  '127.0.0.1',
  '127.8.9.10',
  '0.0.0.0',
  '10.1.2.3',
  '172.16.0.1',
  '172.31.255.255',
  '192.168.1.1',
  '169.254.169.254',
  '169.254.1.1',
  '::1',
  '::',
  'fd12:3456::1',
  'fc00::1',
  'fe80::1',
  '::ffff:7f00:1',
  '::ffff:10.0.0.1',
  '100.100.100.200',
  '100.64.0.1',
  '192.0.0.170',
  '198.18.0.1',
  '224.0.0.1',
  '255.255.255.255',
  'ff02::1',
  '64:ff9b::a00:1',
  '2002:a00:1::1',
  '2001:0:4136:e378::1',
];
const OUTSIDE = [
  '8.8.8.8',
  '172.32.0.1',
  '172.15.255.255',
  '192.169.0.1',
  '100.128.0.1',
  '2001:db8::1',
  '2408:8000::1',
];

describe('where a webhook may point', () => {
  it.each(INSIDE)('refuses the inside address %s outside development', (address) => {
    expect(addressAllowed(address, PRODUCTION)).toBe(false);
  });

  it.each(OUTSIDE)('allows the outside address %s', (address) => {
    expect(addressAllowed(address, PRODUCTION)).toBe(true);
  });

  it('allows loopback, and only loopback, under CHUISHAO_DEV=1 (the tests and the demo receive on 127.0.0.1)', () => {
    expect(INSIDE.filter((address) => addressAllowed(address, DEVELOPMENT))).toEqual([
      '127.0.0.1',
      '127.8.9.10',
      '::1',
    ]);
  });

  it.each([
    ['http://receiver.example.gov.cn/hook', 'url must be https'],
    ['https://10.0.0.5/hook', 'url points at an inside address'],
    ['https://169.254.169.254/latest/meta-data', 'url points at an inside address'],
    ['https://[::1]:8443/hook', 'url points at an inside address'],
    ['https://[fd00::5]/hook', 'url points at an inside address'],
    ['https://[::ffff:127.0.0.1]/hook', 'url points at an inside address'],
    ['https://localhost:8443/hook', 'url points at an inside address'],
    ['https://0.0.0.0/hook', 'url points at an inside address'],
    ['https://100.100.100.200/latest/meta-data', 'url points at an inside address'],
    ['https://2130706433/hook', 'url points at an inside address'], // 127.0.0.1 as one number
    ['https://0x7f.1/hook', 'url points at an inside address'],
    ['https://[64:ff9b::7f00:1]/hook', 'url points at an inside address'],
    ['ftp://receiver.example.gov.cn/hook', 'url must be https'],
  ])('refuses %s outside development, naming the field', (url, message) => {
    expect(() => assertWebhookTarget(url, PRODUCTION)).toThrow(
      expect.objectContaining({ code: 'WEBHOOK_URL_NOT_ALLOWED', message, field: 'url' }),
    );
  });

  it('allows an https URL to an outside name or address', () => {
    expect(() => assertWebhookTarget('https://receiver.example.gov.cn/hook', PRODUCTION)).not.toThrow();
    expect(() => assertWebhookTarget('https://8.8.8.8/hook', PRODUCTION)).not.toThrow();
  });

  it('allows http and loopback under CHUISHAO_DEV=1, but still nothing else inside', () => {
    expect(() => assertWebhookTarget('http://127.0.0.1:4000/hook', DEVELOPMENT)).not.toThrow();
    expect(() => assertWebhookTarget('http://localhost:4000/hook', DEVELOPMENT)).not.toThrow();
    expect(() => assertWebhookTarget('http://[::1]:4000/hook', DEVELOPMENT)).not.toThrow();
    for (const url of ['http://10.0.0.5/hook', 'http://169.254.169.254/', 'http://192.168.0.10/'])
      expect(() => assertWebhookTarget(url, DEVELOPMENT)).toThrow(expect.objectContaining({ field: 'url' }));
  });
});
