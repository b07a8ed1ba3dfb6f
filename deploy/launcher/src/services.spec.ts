import { spawnSync } from 'node:child_process';
import { LauncherError } from './proc';
import {
  QUIET_KAFKAJS_TIMEOUT_WARNING,
  resolveServices,
  serviceEnv,
  serviceNodeOptions,
  SERVICE_NODE_OPTIONS,
  SERVICES,
} from './services';

describe('resolveServices', () => {
  it('defaults to intake 3001, dispatch 3002, department 3003, sla-timer 3004, mediation 3005, judicial-confirmation 3006, court-simulator 3007, ops-console 3000', () => {
    const services = resolveServices({});
    expect(services.map((s) => [s.name, s.port])).toEqual([
      ['intake', 3001],
      ['dispatch', 3002],
      ['department', 3003],
      ['sla-timer', 3004],
      ['mediation', 3005],
      ['judicial-confirmation', 3006],
      ['court-simulator', 3007],
      ['ops-console', 3000],
    ]);
    expect(services[0]).toMatchObject({
      url: 'http://127.0.0.1:3001',
      healthUrl: 'http://127.0.0.1:3001/health/ready',
      docsUrl: 'http://127.0.0.1:3001/docs',
    });
    expect(services[2]!.entry.split(/[\\/]/)).toEqual(['services', 'department', 'dist', 'src', 'main.js']);
  });

  it('takes ports from INTAKE_PORT / DISPATCH_PORT / DEPARTMENT_PORT', () => {
    const services = resolveServices({ INTAKE_PORT: '4001', DISPATCH_PORT: '4002', DEPARTMENT_PORT: '' });
    expect(services.map((s) => s.port)).toEqual([4001, 4002, 3003, 3004, 3005, 3006, 3007, 3000]);
  });

  it('rejects invalid and clashing ports, naming the variable', () => {
    expect(() => resolveServices({ DISPATCH_PORT: 'abc' })).toThrow('DISPATCH_PORT=abc is not a valid port');
    expect(() => resolveServices({ DISPATCH_PORT: '70000' })).toThrow(LauncherError);
    expect(() => resolveServices({ DEPARTMENT_PORT: '3001' })).toThrow(
      'intake and department are both set to port 3001',
    );
  });
});

describe('serviceEnv', () => {
  const services = resolveServices({});
  const infra = { kafkaBrokers: '127.0.0.1:9092', databaseUrl: 'postgres://u:p@127.0.0.1:54329/chuishao' };

  it('passes PORT, infrastructure and every service URL on top of the base env', () => {
    const env = serviceEnv(services[1]!, services, infra, {
      PATH: '/bin',
      PORT: '1',
      KAFKA_BROKERS: 'old:1',
    });
    expect(env).toEqual({
      PATH: '/bin',
      PORT: '3002',
      DATABASE_URL: infra.databaseUrl,
      KAFKA_BROKERS: '127.0.0.1:9092',
      INTAKE_URL: 'http://127.0.0.1:3001',
      DISPATCH_URL: 'http://127.0.0.1:3002',
      DEPARTMENT_URL: 'http://127.0.0.1:3003',
      SLA_TIMER_URL: 'http://127.0.0.1:3004',
      MEDIATION_URL: 'http://127.0.0.1:3005',
      JUDICIAL_CONFIRMATION_URL: 'http://127.0.0.1:3006',
      COURT_SIMULATOR_URL: 'http://127.0.0.1:3007',
      OPS_CONSOLE_URL: 'http://127.0.0.1:3000',
      NODE_OPTIONS: `${SERVICE_NODE_OPTIONS} ${QUIET_KAFKAJS_TIMEOUT_WARNING}`,
      CHUISHAO_DEV: '1',
    });
  });

  it('runs `npm start` in development (CHUISHAO_DEV=1) unless the caller says CHUISHAO_DEV=0', () => {
    expect(serviceEnv(services[0]!, services, infra, {}).CHUISHAO_DEV).toBe('1');
    expect(serviceEnv(services[0]!, services, infra, { CHUISHAO_DEV: '0' }).CHUISHAO_DEV).toBe('0');
  });

  it("puts the services' heap settings before the caller's NODE_OPTIONS, so the caller's win", () => {
    const env = serviceEnv(services[0]!, services, infra, { NODE_OPTIONS: '--max-old-space-size=512' });
    expect(env.NODE_OPTIONS).toBe(
      `${SERVICE_NODE_OPTIONS} ${QUIET_KAFKAJS_TIMEOUT_WARNING} --max-old-space-size=512`,
    );
    expect(serviceNodeOptions('  ')).toBe(`${SERVICE_NODE_OPTIONS} ${QUIET_KAFKAJS_TIMEOUT_WARNING}`);
  });

  it('NODE_OPTIONS that Node accepts and that size the heap as intended', () => {
    // Node refuses to start on a NODE_OPTIONS flag it does not allow there: every service would fail.
    const out = spawnSync(
      process.execPath,
      ['-e', 'process.stdout.write(String(require("v8").getHeapStatistics().heap_size_limit))'],
      { env: { PATH: process.env.PATH, NODE_OPTIONS: serviceNodeOptions('') }, encoding: 'utf8' },
    );
    expect(out.stderr).toBe('');
    // Old space 256 MiB plus the young generation (Node 24: three semi-spaces of 16 MiB, 304 in
    // all), where V8's own choice on a machine with a few GiB would be several GiB.
    const limitMb = Number(out.stdout) / 2 ** 20;
    expect(limitMb).toBeGreaterThanOrEqual(256);
    expect(limitMb).toBeLessThanOrEqual(256 + 3 * 16);
  });

  it("hides kafkajs' negative-timeout warning and no other", () => {
    // The warning as Node raises it for kafkajs' timer of -1 ms (the flag hides it by its type name).
    const child =
      'process.emitWarning("-1 is a negative number.", "TimeoutNegativeWarning");' +
      'process.emitWarning("still shown", "OtherWarning")';
    const out = spawnSync(process.execPath, ['-e', child], {
      env: { PATH: process.env.PATH, NODE_OPTIONS: serviceNodeOptions('') },
      encoding: 'utf8',
    });
    expect(out.stderr).not.toContain('TimeoutNegativeWarning');
    expect(out.stderr).toContain('OtherWarning: still shown');
  });

  it('gives each service a distinct url env variable', () => {
    expect(new Set(SERVICES.map((s) => s.urlEnv)).size).toBe(SERVICES.length);
  });
});
