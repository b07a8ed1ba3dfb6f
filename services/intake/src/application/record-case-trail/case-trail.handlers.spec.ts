import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { CASE_EVENT_DEFINITIONS } from '@chuishao/contracts';
import { CaseTrailHandlers } from './case-trail.handlers';

describe('case trail handlers', () => {
  it('have one @EventPattern method for every case event type of libs/contracts', () => {
    const prototype = CaseTrailHandlers.prototype as unknown as Record<string, unknown>;
    const patterns = Object.getOwnPropertyNames(prototype)
      .filter((name) => name !== 'constructor')
      .flatMap(
        (name) => (Reflect.getMetadata(PATTERN_METADATA, prototype[name] as object) ?? []) as string[],
      );
    expect(patterns.sort()).toEqual([...new Set(CASE_EVENT_DEFINITIONS.map((d) => d.type))].sort());
  });
});
