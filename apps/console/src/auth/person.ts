/** Who is logged in, as the console reads it from their access token. */
export interface Person {
  readonly sub: string;
  readonly roles: readonly string[];
  readonly token: string;
  /** When the token expires (ms since the epoch). */
  readonly expiresAt: number;
}

/** The person an access token names, its roles read at `rolesClaim` (a dotted path); undefined if unreadable. */
export function personOf(token: string, rolesClaim: string): Person | undefined {
  try {
    const payload = token.split('.')[1] as string;
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(json) as Record<string, unknown>;
    const roles = rolesClaim
      .split('.')
      .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], claims);
    return {
      sub: String(claims['sub']),
      roles: Array.isArray(roles) ? roles.map(String) : [],
      token,
      expiresAt: Number(claims['exp'] ?? 0) * 1000,
    };
  } catch {
    return undefined;
  }
}

/** Whether the person operates the fleet (sees every session and every event). */
export const isAdmin = (person: Person) => person.roles.includes('admin');
/** Whether the person may change lablet definitions. */
export const canManage = (person: Person) =>
  person.roles.includes('admin') || person.roles.includes('manager');
