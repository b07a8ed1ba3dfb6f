import { randomBytes } from 'node:crypto';

/** A short unique tag for one test file: its schemas, topic prefix and consumer groups. */
export function uniqueTestTag(label = 't'): string {
  return `${label.replace(/[^a-z0-9]/gi, '').toLowerCase()}${randomBytes(4).toString('hex')}`;
}
