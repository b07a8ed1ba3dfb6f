import RequestQueue from 'kafkajs/src/network/requestQueue';
import { version } from 'kafkajs/package.json';
import { PATCHED_KAFKAJS_VERSION, stopIdleRequestQueueLoop } from './kafkajs-idle-loop';

const queue = () => new RequestQueue({ logger: { debug: () => undefined }, maxInFlightRequests: 1 });

describe('kafkajs: no timer loop on an idle connection', () => {
  let armed: RequestQueue[] = [];
  afterEach(() => {
    for (const q of armed) if (q.throttleCheckTimeoutId) clearTimeout(q.throttleCheckTimeoutId);
    armed = [];
  });
  const track = (q: RequestQueue) => (armed.push(q), q);

  it('is the kafkajs the patch was written for (a bump must look at the loop again)', () => {
    expect(version).toBe(PATCHED_KAFKAJS_VERSION);
    expect(stopIdleRequestQueueLoop()).toBe(true);
  });

  it('an idle queue checked (as after every answer) arms no timer', () => {
    stopIdleRequestQueueLoop();
    const idle = track(queue());
    idle.checkPendingRequests();
    expect(idle.throttleCheckTimeoutId).toBeNull();
  });

  it('a queue with a request waiting, or a throttle in force, still schedules its check', () => {
    stopIdleRequestQueueLoop();
    const waiting = track(queue());
    waiting.pending.push({});
    waiting.scheduleCheckPendingRequests();
    expect(waiting.throttleCheckTimeoutId).not.toBeNull();
    const throttled = track(queue());
    throttled.throttledUntil = Date.now() + 60_000;
    throttled.scheduleCheckPendingRequests();
    expect(throttled.throttleCheckTimeoutId).not.toBeNull();
  });

  it('patches once, and leaves another kafkajs version alone', () => {
    class Queue {
      pending: unknown[] = [];
      throttledUntil = -1;
      calls = 0;
      scheduleCheckPendingRequests(this: Queue) {
        this.calls += 1;
      }
    }
    expect(stopIdleRequestQueueLoop(Queue as never, '2.3.0')).toBe(false);
    const untouched = new Queue();
    untouched.scheduleCheckPendingRequests();
    expect(untouched.calls).toBe(1);
    expect(stopIdleRequestQueueLoop(Queue as never, PATCHED_KAFKAJS_VERSION)).toBe(true);
    expect(stopIdleRequestQueueLoop(Queue as never, PATCHED_KAFKAJS_VERSION)).toBe(true);
    const idle = new Queue();
    idle.scheduleCheckPendingRequests();
    expect(idle.calls).toBe(0);
    idle.pending.push({});
    idle.scheduleCheckPendingRequests();
    expect(idle.calls).toBe(1);
  });
});
