import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { ConsoleConfig } from '../client/console-config';

/**
 * The OIDC client of the console: Authorization Code with PKCE (oidc-client-ts' default), tokens kept in
 * sessionStorage (gone with the tab), renewed in the background while the tab is open.
 */
export function oidcClient(config: NonNullable<ConsoleConfig['oidc']>): UserManager {
  return new UserManager({
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: `${window.location.origin}/`,
    post_logout_redirect_uri: `${window.location.origin}/`,
    response_type: 'code',
    scope: config.scope,
    automaticSilentRenew: true,
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
  });
}

/** Finishes a login the issuer redirected back from (`?code=…&state=…`); the access token, if any. */
export async function completeOidcLogin(client: UserManager): Promise<string | undefined> {
  const params = new URLSearchParams(window.location.search);
  if (params.has('code') && params.has('state')) {
    const user = await client.signinRedirectCallback();
    window.history.replaceState({}, '', '/');
    return user.access_token;
  }
  const user = await client.getUser();
  return user && !user.expired ? user.access_token : undefined;
}
