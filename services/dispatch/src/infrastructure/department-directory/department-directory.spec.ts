import { FixedClock, UnavailableError } from '@chuishao/kernel';
import { DepartmentDirectory } from './department-directory';
import type { ServiceTokenSource } from './service-token';

const department = {
  id: 'shangqin-police-station',
  kind: 'police_station',
  name: 'Police',
  centerIds: ['shangqin-town'],
};

function tokenSource(kind: ServiceTokenSource['kind'] = 'minted') {
  let n = 0;
  return { kind, token: jest.fn(() => `token-${n}`), invalidate: jest.fn(() => void (n += 1)) };
}

describe('the department directory client', () => {
  const fetchMock = jest.spyOn(globalThis, 'fetch');
  afterEach(() => fetchMock.mockReset());
  afterAll(() => fetchMock.mockRestore());

  const answer = (status: number, body: unknown) =>
    fetchMock.mockResolvedValueOnce(
      new Response(typeof body === 'string' ? body : JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json' },
      }),
    );

  it('sends the service token as a bearer token, and caches the answer', async () => {
    const tokens = tokenSource();
    const directory = new DepartmentDirectory('http://department', tokens, new FixedClock());
    answer(200, { items: [department] });
    expect(await directory.departments()).toEqual([department]);
    expect(await directory.departments()).toEqual([department]);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('http://department/departments');
    expect((init?.headers as Record<string, string>).authorization).toBe('Bearer token-0');
  });

  it.each([401, 403])(
    'turns a %i into 503 DEPARTMENT_DIRECTORY_UNAVAILABLE and drops a minted token',
    async (status) => {
      const tokens = tokenSource();
      const directory = new DepartmentDirectory('http://department', tokens, new FixedClock());
      answer(status, { statusCode: status, code: 'TOKEN_EXPIRED', message: 'token has expired' });
      const error = await directory.departments().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnavailableError);
      expect(error).toMatchObject({ code: 'DEPARTMENT_DIRECTORY_UNAVAILABLE', retryAfterSeconds: 5 });
      expect((error as Error).message).toMatch(
        new RegExp(`answered ${status} TOKEN_EXPIRED: .*service token was refused`),
      );
      expect(tokens.invalidate).toHaveBeenCalledTimes(1);
    },
  );

  it('names DEPARTMENT_DIRECTORY_TOKEN when a configured token is refused', async () => {
    const directory = new DepartmentDirectory(
      'http://department',
      tokenSource('configured'),
      new FixedClock(),
    );
    answer(401, 'not json');
    await expect(directory.departments()).rejects.toThrow(
      /service token was refused \(check DEPARTMENT_DIRECTORY_TOKEN\)/,
    );
  });

  it.each([
    ['not JSON', '<html>'],
    ['no items', { departments: [department] }],
    ['items of the wrong shape', { items: [{ id: 7 }] }],
    ['null', 'null'],
  ])('answers 503, not 500, when the directory sends %s', async (_label, body) => {
    const directory = new DepartmentDirectory('http://department', tokenSource(), new FixedClock());
    answer(200, body);
    await expect(directory.departments()).rejects.toMatchObject({ code: 'DEPARTMENT_DIRECTORY_UNAVAILABLE' });
  });

  it('answers 503 when the directory does not answer at all', async () => {
    const directory = new DepartmentDirectory('http://department', tokenSource(), new FixedClock());
    fetchMock.mockRejectedValueOnce(new TypeError('fetch failed'));
    await expect(directory.departments()).rejects.toThrow(/did not answer: fetch failed/);
  });
});
