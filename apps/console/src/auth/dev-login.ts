import { ApiError } from '../client/api-error';
import { serviceUrl } from '../client/service-name';

/** A token from the embedded dev issuer's role picker (`POST /oauth/dev-login`, embedded mode only). */
export async function devLogin(role: string, sub?: string): Promise<string> {
  const response = await fetch(serviceUrl('session-manager', '/oauth/dev-login'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role, ...(sub ? { sub } : {}) }),
  });
  if (!response.ok) throw await ApiError.of(response);
  return ((await response.json()) as { access_token: string }).access_token;
}
