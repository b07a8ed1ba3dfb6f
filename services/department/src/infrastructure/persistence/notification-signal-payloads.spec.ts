import { signalOfPayload } from './notification-signal-payloads';

describe('the payload of a department NOTIFY', () => {
  it.each([
    ['dep_a:stream', { kind: 'stream' }],
    ['dep_a:deliveries:3:01a2', { kind: 'deliveries', due: 3 }],
    ['dep_a:deliveries:0:01a2', { kind: 'deliveries', due: 0 }],
    // A writer of the release before names only its schema: anything may be new.
    ['dep_a', { kind: 'unknown' }],
    ['dep_a:deliveries:many:01a2', { kind: 'unknown' }],
    ['dep_a:deliveries:-1:01a2', { kind: 'unknown' }],
  ])('%s is %j', (payload, signal) => {
    expect(signalOfPayload(payload, 'dep_a')).toEqual(signal);
  });

  it("is none of this schema's when another schema wrote it", () => {
    expect(signalOfPayload('dep_b:stream', 'dep_a')).toBeNull();
    expect(signalOfPayload('dep_ab', 'dep_a')).toBeNull();
    expect(signalOfPayload(undefined, 'dep_a')).toBeNull();
  });
});
