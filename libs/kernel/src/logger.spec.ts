import { JsonLogger, redactPersonalData } from './logger';
import { runInTraceContext } from './trace-context';

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

  it('catches phones written with +86, spaces or dashes', () => {
    for (const phone of [
      '+8613909361234',
      '+86 13909361234',
      '008613909361234',
      '8613909361234',
      '139 0936 1234',
      '139-0936-1234',
      '+86 139 0936 1234',
      '+86-139-0936-1234',
    ]) {
      expect(redactPersonalData(`call ${phone} now`)).toBe('call [phone] now');
      expect(redactPersonalData(`tel:${phone}`)).not.toMatch(/0936/);
    }
  });

  it('scrubs values nested deeper than five levels, and survives a cycle', () => {
    const lines: string[] = [];
    const logger = new JsonLogger({ service: 'intake', write: (l) => lines.push(l) });
    const deep = {
      a: { b: { c: { d: { e: { f: { g: { phone: '13912345678', id: '620702198001011234' } } } } } } },
    };
    const cyclic: Record<string, unknown> = { phone: '139 1234 5678' };
    cyclic.self = { a: { b: { c: { d: { e: { f: cyclic } } } } } };
    logger.warn('deep', { deep, list: [[[[[[['13912345678']]]]]]], cyclic });
    expect(lines[0]).not.toMatch(/13912345678|620702198001011234|1234 5678/);
    expect(lines[0]).toContain('[phone]');
    expect(lines[0]).toContain('[id-number]');
  });

  it('leaves case numbers, UUIDs and timestamps alone', () => {
    const text =
      'GZ-2018-000001 0192a6d0-7c1e-7a3b-8c4d-1e2f3a4b5c6d 2018-10-15T08:00:00.000Z 1539590400000 ' +
      '0192a139-0936-7123-8c4d-1e2f3a4b5c6d 2026-12-01 13:09:36.123';
    expect(redactPersonalData(text)).toBe(text);
  });

  it('drops entries below its level', () => {
    const lines: string[] = [];
    new JsonLogger({ service: 's', level: 'warn', write: (l) => lines.push(l) }).info('quiet');
    expect(lines).toHaveLength(0);
  });

  it('names the trace and span of the unit of work, and its ids, on every line', () => {
    const lines: string[] = [];
    const logger = new JsonLogger({ service: 'dispatch', write: (l) => lines.push(l) });
    const trace = {
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      eventType: 'WhistleBlown',
    };
    runInTraceContext(trace, () => logger.info('handled'));
    logger.info('outside');
    expect(JSON.parse(lines[0])).toMatchObject(trace);
    expect(JSON.parse(lines[1])).not.toHaveProperty('traceId');
    expect(JSON.parse(lines[1])).not.toHaveProperty('spanId');
  });
});
