import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { router } from '../router';
import { useSession } from '../stores/session';
import { api } from './client';

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
