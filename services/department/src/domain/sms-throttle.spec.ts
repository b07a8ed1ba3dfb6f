import { DEFAULT_SMS_LIMITS, nextSendAllowedAt, parseSmsLimits, rememberSend } from './sms-throttle';

const at = (seconds: number) => new Date(Date.UTC(2026, 11, 4, 8, 0, 0) + seconds * 1000);

describe('SMS throttle (GoAlert limits: 1 a minute, 5 in 15 minutes per phone)', () => {
  it('given no recent text, a text goes now', () => {
    expect(nextSendAllowedAt([], at(0), DEFAULT_SMS_LIMITS)).toEqual(at(0));
  });

  it('given a text 20 s ago, the next waits until a minute after it', () => {
    expect(nextSendAllowedAt([at(0)], at(20), DEFAULT_SMS_LIMITS)).toEqual(at(60));
  });

  it('given a text exactly a minute ago, the next goes now', () => {
    expect(nextSendAllowedAt([at(0)], at(60), DEFAULT_SMS_LIMITS)).toEqual(at(60));
  });

  it('given five texts in the last 15 minutes, the sixth waits for the oldest to leave the window', () => {
    const sends = [at(0), at(120), at(240), at(360), at(480)];
    expect(nextSendAllowedAt(sends, at(600), DEFAULT_SMS_LIMITS)).toEqual(at(900));
  });

  it('given four texts in 15 minutes, the minute limit is all that holds', () => {
    const sends = [at(0), at(120), at(240), at(360)];
    expect(nextSendAllowedAt(sends, at(600), DEFAULT_SMS_LIMITS)).toEqual(at(600));
  });

  it('given no limits, nothing waits', () => {
    expect(nextSendAllowedAt([at(0), at(1)], at(2), [])).toEqual(at(2));
  });

  it('remembers only the sends inside the longest window, oldest first', () => {
    expect(rememberSend([at(0), at(300)], at(1000), DEFAULT_SMS_LIMITS)).toEqual([at(300), at(1000)]);
  });

  it('reads limits from the environment and refuses a malformed one by its part', () => {
    expect(parseSmsLimits('1/60, 5/900')).toEqual(DEFAULT_SMS_LIMITS);
    expect(() => parseSmsLimits('1/60,5')).toThrow('got "5"');
    expect(() => parseSmsLimits('0/60')).toThrow('got "0/60"');
  });
});
