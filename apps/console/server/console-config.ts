/** What the single-page app learns from `/config.json`: how people log in. */
export interface ConsoleConfig {
  /** `dev`: the role picker of the embedded dev issuer; `oidc`: Authorization Code + PKCE. */
  readonly login: 'dev' | 'oidc';
  readonly oidc?: { readonly authority: string; readonly clientId: string; readonly scope: string };
  /** Dotted path of the roles claim in access tokens (AUTH_ROLES_CLAIM of the services). */
  readonly rolesClaim: string;
}

/** The three services the console talks to, by the path segment the app uses (`/services/<name>/...`). */
export type Upstreams = Readonly<Record<'worker-manager' | 'lab-manager' | 'session-manager', string>>;

/** The console server's settings, read from its environment. */
export interface ConsoleSettings {
  readonly port: number;
  readonly root: string;
  readonly upstreams: Upstreams;
  readonly config: ConsoleConfig;
}

/**
 * Reads the console server's environment; a bad value throws naming the variable. With `OIDC_AUTHORITY`
 * (and `OIDC_CLIENT_ID`) people log in at that issuer; without, the role picker of the dev issuer is shown.
 */
export function consoleSettings(
  env: Record<string, string | undefined>,
  defaultRoot: string,
): ConsoleSettings {
  const port = Number(env['PORT'] ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error('invalid setting PORT: a port number');
  const url = (name: string, fallback: string) => {
    const value = env[name] ?? fallback;
    if (!/^https?:\/\/[^/]+/.test(value)) throw new Error(`invalid setting ${name}: an http(s) URL`);
    return value.replace(/\/+$/, '');
  };
  const authority = env['OIDC_AUTHORITY'];
  const clientId = env['OIDC_CLIENT_ID'];
  if (authority && !clientId) throw new Error('invalid setting OIDC_CLIENT_ID: required with OIDC_AUTHORITY');
  return {
    port,
    root: env['CONSOLE_ROOT'] ?? defaultRoot,
    upstreams: {
      'worker-manager': url('WORKER_MANAGER_URL', 'http://127.0.0.1:8081'),
      'lab-manager': url('LAB_MANAGER_URL', 'http://127.0.0.1:8082'),
      'session-manager': url('SESSION_MANAGER_URL', 'http://127.0.0.1:8083'),
    },
    config: {
      login: authority ? 'oidc' : 'dev',
      ...(authority && clientId
        ? {
            oidc: {
              authority: url('OIDC_AUTHORITY', authority),
              clientId,
              scope: env['OIDC_SCOPE'] ?? 'openid profile',
            },
          }
        : {}),
      rolesClaim: env['AUTH_ROLES_CLAIM'] ?? 'realm_access.roles',
    },
  };
}
