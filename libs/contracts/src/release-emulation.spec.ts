import { createEvent } from './define-event';
import { DepartmentArrived, DepartmentArrivedV1 } from './events/department-arrived';
import { KNOWN_UP_TO_ENV, parseKnownUpTo } from './release-emulation';
import * as current from './registry';

type Registry = typeof current;

/** The registry as a process started with `setting` in CHUISHAO_CONTRACTS_KNOWN_UP_TO loads it. */
function registryWith(setting: string | undefined): Registry {
  const before = process.env[KNOWN_UP_TO_ENV];
  if (setting === undefined) delete process.env[KNOWN_UP_TO_ENV];
  else process.env[KNOWN_UP_TO_ENV] = setting;
  try {
    let loaded: Registry | undefined;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loaded = require('./registry') as Registry;
    });
    return loaded!;
  } finally {
    if (before === undefined) delete process.env[KNOWN_UP_TO_ENV];
    else process.env[KNOWN_UP_TO_ENV] = before;
  }
}

const caseId = '0192a6d0-7c1e-7a3b-8c4d-1e2f3a4b5c6d';
const facts = {
  summonsId: '0192a6d0-7c1e-7a3b-8c4d-1e2f3a4b5c6f',
  whistleId: '0192a6d0-7c1e-7a3b-8c4d-1e2f3a4b5c6e',
  departmentId: 'traffic',
  arrivedAt: '2018-10-15T08:20:00.000Z',
  note: null,
};
const location = { latitude: 25.83, longitude: 114.93, accuracyMeters: 12 };
const envelope = {
  id: '0192a6d0-7c1e-7a3b-8c4d-1e2f3a4b5c71',
  occurredAt: new Date('2018-10-15T08:20:00Z'),
  caseId,
  correlationId: caseId,
  actor: { role: 'liaison' as const, id: 'liaison-1' },
};
const asReceived = (event: unknown) => JSON.parse(JSON.stringify(event)) as unknown;

function violationCode(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    // The registry loaded apart has a ContractViolation class of its own: known by its name.
    if ((error as Error).name === 'ContractViolation') return (error as { code: string }).code;
    throw error;
  }
  return 'none';
}

describe(`${KNOWN_UP_TO_ENV} (the fault suite's emulation of an older release)`, () => {
  it('unset, the registry knows every version and builds the newest', () => {
    const registry = registryWith(undefined);
    expect(registry.latestEventDefinition('DepartmentArrived')?.version).toBe(2);
    expect(registry.definitionToBuild(DepartmentArrived)).toBe(DepartmentArrived);
    const v2 = createEvent(DepartmentArrived, { ...envelope, payload: { ...facts, location } });
    expect(registry.parseEvent(asReceived(v2)).payload).toEqual({ ...facts, location });
  });

  it('DepartmentArrived=1: a v2 is a version this code does not know (the transport holds it)', () => {
    const registry = registryWith('DepartmentArrived=1');
    const v2 = createEvent(DepartmentArrived, { ...envelope, payload: { ...facts, location } });
    expect(violationCode(() => registry.parseEvent(asReceived(v2)))).toBe('UNKNOWN_EVENT_VERSION');
    expect(registry.isKnownEventType('DepartmentArrived')).toBe(true);
    // (a registry loaded apart has definitions of its own: compared by type and version)
    expect(registry.latestEventDefinition('DepartmentArrived')).toMatchObject({
      type: 'DepartmentArrived',
      version: 1,
    });
    expect(registry.findEventDefinition('DepartmentArrived', 2)).toBeUndefined();
  });

  it('DepartmentArrived=1: a v1 is handed over as v1, and building one writes v1 without the location', () => {
    const registry = registryWith('DepartmentArrived=1');
    const v1 = createEvent(DepartmentArrivedV1, { ...envelope, payload: facts });
    expect(registry.parseEvent(asReceived(v1))).toEqual(v1);
    const definition = registry.definitionToBuild(DepartmentArrived);
    expect(definition).toMatchObject({ type: 'DepartmentArrived', version: 1 });
    const built = createEvent(definition, { ...envelope, payload: { ...facts, location } });
    expect(built.version).toBe(1);
    expect(built.payload).toEqual(facts);
  });

  it('leaves every other type as it is', () => {
    const registry = registryWith('DepartmentArrived=1');
    expect(registry.EVENT_DEFINITIONS).toHaveLength(current.EVENT_DEFINITIONS.length - 1);
    for (const d of current.EVENT_DEFINITIONS)
      if (d.type !== 'DepartmentArrived') expect(registry.definitionToBuild(d)).toBe(d);
  });

  it('refuses a setting that would emulate nothing in silence, naming the variable', () => {
    const all = current.EVENT_DEFINITIONS;
    expect(parseKnownUpTo(' DepartmentArrived=1 , ', all)).toEqual(new Map([['DepartmentArrived', 1]]));
    expect(parseKnownUpTo('', all).size).toBe(0);
    for (const wrong of [
      'DepartmentArived=1',
      'DepartmentArrived=0',
      'DepartmentArrived=3',
      'DepartmentArrived',
      'DepartmentArrived=1,DepartmentArrived=2',
    ])
      expect(() => parseKnownUpTo(wrong, all)).toThrow(KNOWN_UP_TO_ENV);
    expect(() => registryWith('DepartmentArrived=9')).toThrow(KNOWN_UP_TO_ENV);
  });
});
