import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { router } from '../router';
import { useSession } from '../stores/session';
import { api, fetchFile } from './client';

const refused = () =>
  Promise.resolve(new Response(JSON.stringify({ code: 'TOKEN_MISSING' }), { status: 401 }));

describe('a refused request and the session', () => {
  beforeEach(() => {
    sessionStorage.clear();
    setActivePinia(createPinia());
    vi.stubGlobal('fetch', vi.fn(refused));
  });
  afterEach(() => vi.unstubAllGlobals());

  it('sends the person back to sign-in when the token the request carried is refused', async () => {
    const push = vi.spyOn(router, 'push').mockResolvedValue(undefined);
    useSession().signIn('t0k3n', { role: 'clerk', subject: 'c', centerId: 'v', departmentId: null });
    await expect(api('intake', '/centers')).rejects.toMatchObject({ status: 401 });
    expect(useSession().token).toBeNull();
    expect(push).toHaveBeenCalledWith(expect.objectContaining({ name: 'sign-in' }));
  });

  it('reports no expired sign-in for a request sent before the sign-in completed (no token)', async () => {
    // The refusal comes back while the OIDC callback is still storing the token: sending the
    // person to "sign-in expired" then would undo the sign-in under way.
    const push = vi.spyOn(router, 'push').mockResolvedValue(undefined);
    await expect(api('intake', '/centers')).rejects.toMatchObject({ status: 401 });
    expect(push).not.toHaveBeenCalled();
  });
});

describe('a file from a service (the download buttons)', () => {
  beforeEach(() => {
    sessionStorage.clear();
    setActivePinia(createPinia());
    useSession().signIn('t0k3n', { role: 'mediator', subject: 'm', centerId: null, departmentId: null });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('asks through the console with the token and answers the bytes', async () => {
    const fetch = vi.fn(() =>
      Promise.resolve(
        new Response(new Uint8Array([37, 80, 68, 70]), { headers: { 'content-type': 'application/pdf' } }),
      ),
    );
    vi.stubGlobal('fetch', fetch);
    const blob = await fetchFile('mediation', '/mediations/m-1/agreement.pdf');
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(new Uint8Array([37, 80, 68, 70]));
    expect(fetch).toHaveBeenCalledWith('/api/mediation/mediations/m-1/agreement.pdf', {
      headers: { authorization: 'Bearer t0k3n' },
    });
  });

  it("reports a refusal with the service's code, as api does", async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() =>
        Promise.resolve(
          new Response(JSON.stringify({ code: 'CENTER_NOT_FOUND', message: 'no center x' }), { status: 404 }),
        ),
      ),
    );
    await expect(fetchFile('console', '/reports/monthly.xlsx?center=x&month=2026-11')).rejects.toMatchObject({
      status: 404,
      code: 'CENTER_NOT_FOUND',
      message: 'no center x',
    });
  });
});

describe('a refusal that names fields (a 400 of any service)', () => {
  beforeEach(() => {
    sessionStorage.clear();
    setActivePinia(createPinia());
    useSession().signIn('t0k3n', { role: 'ops', subject: 'o', centerId: null, departmentId: null });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('carries each named field and its reason, for the form to point at', async () => {
    const body = {
      code: 'POLICY_INVALID',
      message: 'policy.levels[1].target must be one of …',
      errors: [{ field: 'policy.levels[1].target', reason: 'must be one of …' }, 'not a field'],
    };
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(new Response(JSON.stringify(body), { status: 400 }))),
    );
    await expect(api('sla-timer', '/escalation-policies', { method: 'PUT', body: {} })).rejects.toMatchObject(
      {
        status: 400,
        code: 'POLICY_INVALID',
        fields: [{ field: 'policy.levels[1].target', reason: 'must be one of …' }],
      },
    );
  });
});
