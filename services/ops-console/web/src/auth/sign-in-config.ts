import { UserManager, WebStorageStateStore } from 'oidc-client-ts';

/** How ops-console says the workstation signs in (`GET /api/session/config`). */
export interface SignInConfig {
  signIn: 'oidc' | 'development' | 'none';
  oidc: { issuer: string; clientId: string; scope: string } | null;
}

let config: Promise<SignInConfig> | null = null;

/** Read once per page load: the setting changes only when ops-console is redeployed. */
export function signInConfig(): Promise<SignInConfig> {
  config ??= fetch('/api/session/config').then(async (response) => {
    if (!response.ok) throw new Error(`sign-in settings: ${response.status}`);
    return (await response.json()) as SignInConfig;
  });
  return config;
}

/** Where the identity provider sends the browser back with the authorization code. */
export const CALLBACK_PATH = '/sign-in/callback';

/**
 * The organisation's identity provider through OpenID Connect: authorization code with PKCE
 * (oidc-client-ts's only flow), state kept in this tab's sessionStorage like the token itself.
 */
export function userManager(oidc: NonNullable<SignInConfig['oidc']>): UserManager {
  return new UserManager({
    authority: oidc.issuer,
    client_id: oidc.clientId,
    scope: oidc.scope,
    redirect_uri: `${window.location.origin}${CALLBACK_PATH}`,
    response_type: 'code',
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
    // Roles come from the access token, which ops-console reads back: no userinfo call needed.
    loadUserInfo: false,
    automaticSilentRenew: false,
  });
}

/** Only a path of this app is a place to come back to (never another origin). */
export function safeBack(back: unknown): string | null {
  return typeof back === 'string' && back.startsWith('/') && !back.startsWith('//') ? back : null;
}
