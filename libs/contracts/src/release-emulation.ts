import type { EventDefinition } from './define-event';

/**
 * `CHUISHAO_CONTRACTS_KNOWN_UP_TO` — the fault suite's emulation of an older release, and nothing
 * else: production never sets it. `DepartmentArrived=1` (comma-separated for several types) makes
 * this process behave as code built before `DepartmentArrived` v2 existed: its registry knows the
 * type only up to version 1, so consuming a v2 is "a newer version than this code knows" (the
 * transport holds the partition), and building a DepartmentArrived writes version 1 (the fields
 * v2 added are dropped, as the older code never had them). A rolling deploy can then be run for
 * real, old instances beside new ones, from one build (faults/src/rolling-deploy.ts).
 */
export const KNOWN_UP_TO_ENV = 'CHUISHAO_CONTRACTS_KNOWN_UP_TO';

/**
 * The newest version this release knows, per type named in the setting. A typo must not emulate
 * nothing in silence: an unknown type, a version that is not a whole number from 1 to the newest
 * one defined, or a type named twice throws, naming the setting.
 */
export function parseKnownUpTo(
  text: string | undefined,
  definitions: readonly EventDefinition[],
): ReadonlyMap<string, number> {
  const limits = new Map<string, number>();
  for (const entry of (text ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const match = /^([A-Za-z]+)=(\d+)$/.exec(entry);
    if (!match) throw new Error(`${KNOWN_UP_TO_ENV}: "${entry}" is not <EventType>=<version>`);
    const [, type, digits] = match;
    const versions = definitions.filter((d) => d.type === type).map((d) => d.version);
    if (versions.length === 0) throw new Error(`${KNOWN_UP_TO_ENV}: no event type ${type}`);
    const version = Number(digits);
    if (version < 1 || version > Math.max(...versions))
      throw new Error(
        `${KNOWN_UP_TO_ENV}: ${type} has versions 1 to ${Math.max(...versions)}, not ${version}`,
      );
    if (limits.has(type)) throw new Error(`${KNOWN_UP_TO_ENV}: ${type} named twice`);
    limits.set(type, version);
  }
  return limits;
}

/** The definitions an older release had: every version above its limit left out. */
export function knownAsOfRelease(
  definitions: readonly EventDefinition[],
  limits: ReadonlyMap<string, number>,
): EventDefinition[] {
  return definitions.filter((d) => d.version <= (limits.get(d.type) ?? Infinity));
}
