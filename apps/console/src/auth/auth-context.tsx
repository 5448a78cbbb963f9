import type { UserManager } from 'oidc-client-ts';
import { type ReactNode, createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ConsoleConfig } from '../client/console-config';
import { devLogin } from './dev-login';
import { completeOidcLogin, oidcClient } from './oidc-login';
import { type Person, personOf } from './person';

interface Auth {
  readonly config: ConsoleConfig;
  readonly person?: Person;
  readonly ready: boolean;
  loginAs(role: string, sub?: string): Promise<void>;
  loginWithIssuer(): Promise<void>;
  logout(): void;
}

const AuthContext = createContext<Auth | undefined>(undefined);
const DEV_TOKEN_KEY = 'lcm-console-dev-token';

/** Who is logged in and how to log in: the dev role picker or the OIDC issuer, as `/config.json` says. */
export function AuthProvider({ config, children }: { config: ConsoleConfig; children: ReactNode }) {
  const oidc = useMemo<UserManager | undefined>(
    () => (config.oidc ? oidcClient(config.oidc) : undefined),
    [config],
  );
  const [person, setPerson] = useState<Person | undefined>();
  const [ready, setReady] = useState(false);
  const accept = useCallback(
    (token: string | undefined) => {
      const next = token ? personOf(token, config.rolesClaim) : undefined;
      setPerson(next && next.expiresAt > Date.now() ? next : undefined);
    },
    [config.rolesClaim],
  );

  useEffect(() => {
    if (!oidc) {
      accept(sessionStorage.getItem(DEV_TOKEN_KEY) ?? undefined);
      setReady(true);
      return;
    }
    const renewed = (user: { access_token: string }) => accept(user.access_token);
    oidc.events.addUserLoaded(renewed);
    completeOidcLogin(oidc)
      .then(accept, () => accept(undefined))
      .finally(() => setReady(true));
    return () => oidc.events.removeUserLoaded(renewed);
  }, [oidc, accept]);

  const auth: Auth = {
    config,
    person,
    ready,
    async loginAs(role, sub) {
      const token = await devLogin(role, sub);
      sessionStorage.setItem(DEV_TOKEN_KEY, token);
      accept(token);
    },
    async loginWithIssuer() {
      await oidc?.signinRedirect();
    },
    logout() {
      sessionStorage.removeItem(DEV_TOKEN_KEY);
      setPerson(undefined);
      void oidc?.removeUser();
    },
  };
  return <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}
