import { Recorder, type Exchange } from './client';

const exchange = (status: number, at = 0): Exchange => ({
  op: 'create case',
  status,
  retryAfter: null,
  at,
  body: null,
});

describe('the request recorder', () => {
  it('counts 2xx as accepted and everything else, a refused connection included, as refused', () => {
    const recorder = new Recorder();
    recorder.exchanges.push(exchange(201), exchange(200), exchange(404), exchange(0), exchange(503));
    expect({ sent: recorder.sent, accepted: recorder.accepted, refused: recorder.refused }).toEqual({
      sent: 5,
      accepted: 2,
      refused: 3,
    });
  });

  it('treats a 503 as an expected answer to a fault and any other 5xx as a bug', () => {
    const recorder = new Recorder();
    recorder.exchanges.push(exchange(503), exchange(500), exchange(502), exchange(429));
    expect(recorder.serverErrors().map((e) => e.status)).toEqual([500, 502]);
  });

  it('selects the exchanges sent during a fault window, ends included', () => {
    const recorder = new Recorder();
    recorder.exchanges.push(exchange(201, 10), exchange(201, 20), exchange(201, 30));
    expect(recorder.between(20, 30).map((e) => e.at)).toEqual([20, 30]);
  });
});
