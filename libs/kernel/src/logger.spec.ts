import { JsonLogger, redactPersonalData } from './logger';

describe('JsonLogger', () => {
  it('writes one JSON object per line with service, level and fields', () => {
    const lines: string[] = [];
    const logger = new JsonLogger({ service: 'intake', write: (l) => lines.push(l), now: () => new Date(0) });
    logger.child('cases').info('case registered', { caseNo: 'GZ-1' });
    expect(JSON.parse(lines[0])).toEqual({
      time: '1970-01-01T00:00:00.000Z',
      level: 'info',
      service: 'intake',
      context: 'cases',
      msg: 'case registered',
      caseNo: 'GZ-1',
    });
  });

  it('never prints a resident ID number or a mobile number, even when handed one', () => {
    const lines: string[] = [];
    const logger = new JsonLogger({ service: 'intake', write: (l) => lines.push(l) });
    logger.error('lookup failed for 62070219800101123X', {
      phone: '13912345678',
      nested: { id: '620702198001011234' },
    });
    expect(lines[0]).not.toMatch(/62070219800101123|13912345678/);
    expect(lines[0]).toContain('[id-number]');
    expect(lines[0]).toContain('[phone]');
  });

  it('leaves case numbers, UUIDs and timestamps alone', () => {
    const text = 'GZ-2018-000001 0192a6d0-7c1e-7a3b-8c4d-1e2f3a4b5c6d 2018-10-15T08:00:00.000Z 1539590400000';
    expect(redactPersonalData(text)).toBe(text);
  });

  it('drops entries below its level', () => {
    const lines: string[] = [];
    new JsonLogger({ service: 's', level: 'warn', write: (l) => lines.push(l) }).info('quiet');
    expect(lines).toHaveLength(0);
  });
});
