import type { ServiceTokens } from '@lcm/neuro-core';
import type { LabCredentials, LabCredentialsProvider } from '../../application/services/lab-credentials';

/** How the client reaches lab-manager and proves it is a service. */
export interface LabCredentialsClientOptions {
  /** lab-manager's base URL, e.g. `http://127.0.0.1:8082`. */
  readonly baseUrl: string;
  /** session-manager's own tokens (client credentials), which carry the `service` role. */
  readonly tokens: ServiceTokens;
  readonly timeoutMs?: number;
}

/**
 * Reads a lab record's CML credentials from lab-manager: `GET {LAB_MANAGER_URL}/api/lab-records/{id}/credentials`
 * with the service role, answering `{username, password}` (404 when unknown). The password is passed
 * straight through to the owner's `/access` response and never logged.
 */
export class LabCredentialsClient implements LabCredentialsProvider {
  constructor(private readonly options: LabCredentialsClientOptions) {}

  async credentialsOf(labRecordId: string): Promise<LabCredentials | undefined> {
    const url = `${this.options.baseUrl.replace(/\/$/, '')}/api/lab-records/${encodeURIComponent(labRecordId)}/credentials`;
    const response = await this.options.tokens.fetch(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
    });
    if (response.status === 404) return undefined;
    if (!response.ok)
      throw new Error(
        `lab-manager answered ${response.status} for the credentials of lab record ${labRecordId}`,
      );
    const body = (await response.json()) as Partial<LabCredentials>;
    if (typeof body.username !== 'string' || typeof body.password !== 'string') {
      throw new Error(`lab-manager's credentials of lab record ${labRecordId} lack a username or password`);
    }
    return { username: body.username, password: body.password };
  }
}
