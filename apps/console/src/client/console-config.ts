import type { ConsoleConfig } from '../../server/console-config';

export type { ConsoleConfig };

/** The console server's `/config.json`; the Vite dev server has none, and then the role picker is used. */
export async function loadConsoleConfig(): Promise<ConsoleConfig> {
  const response = await fetch('/config.json').catch(() => undefined);
  if (!response?.ok || !response.headers.get('content-type')?.includes('json')) {
    return { login: 'dev', rolesClaim: 'realm_access.roles' };
  }
  return (await response.json()) as ConsoleConfig;
}
