import { describe, expect, it } from 'vitest';
import { CALLBACK_PATH, safeBack, userManager } from './sign-in-config';

describe('signing in through an identity provider', () => {
  it('comes back only to a page of this app', () => {
    expect(safeBack('/operator/cases/1?x=1')).toBe('/operator/cases/1?x=1');
    expect(safeBack('//evil.example/clerk')).toBeNull();
    expect(safeBack('https://evil.example/')).toBeNull();
    expect(safeBack(['/clerk'])).toBeNull();
    expect(safeBack(undefined)).toBeNull();
  });

  it('asks for an authorization code with PKCE, returning to the callback page of this origin', () => {
    const manager = userManager({
      issuer: 'https://idp.example/realms/c',
      clientId: 'workstation',
      scope: 'openid',
    });
    expect(manager.settings).toMatchObject({
      authority: 'https://idp.example/realms/c',
      client_id: 'workstation',
      response_type: 'code',
      redirect_uri: `${window.location.origin}${CALLBACK_PATH}`,
      loadUserInfo: false,
    });
  });
});
