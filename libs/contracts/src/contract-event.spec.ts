import { CONTRACT_EVENT_TYPES } from './contract-event';
import { EVENT_DEFINITIONS } from './registry';

describe('ContractEvent, the union of every event', () => {
  it('holds every type the registry defines, so a fold reads each one typed', () => {
    const listed = new Set<string>(CONTRACT_EVENT_TYPES);
    expect(EVENT_DEFINITIONS.map((d) => d.type).filter((type) => !listed.has(type))).toEqual([]);
  });
});
