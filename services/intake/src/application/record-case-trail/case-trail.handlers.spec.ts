import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { CASE_EVENT_DEFINITIONS } from '@chuishao/contracts';
import { methodCollectsItsWrites } from '@chuishao/messaging';
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

  it('are each marked as writing only through collectors, so a batch of them is one statement', () => {
    const prototype = CaseTrailHandlers.prototype as unknown as Record<string, object>;
    const handlers = Object.getOwnPropertyNames(prototype).filter(
      (name) => name !== 'constructor' && Reflect.getMetadata(PATTERN_METADATA, prototype[name]!),
    );
    expect(handlers.length).toBeGreaterThan(0);
    expect(handlers.filter((name) => !methodCollectsItsWrites(prototype[name]!))).toEqual([]);
  });
});
