import { DevIssuer } from '@lcm/neuro-core/hosting';
import type { LabCredentials, LabCredentialsProvider } from '../../domain/services/lab-credentials';

/** How the client reaches lab-manager and proves it is a service. */
export interface LabCredentialsClientOptions {
  /** lab-manager's base URL, e.g. `http://127.0.0.1:8082`. */
  readonly baseUrl: string;
  /** A bearer token with the `service` role; when absent, one is minted from the dev issuer's key file. */
  readonly serviceToken?: string;
  /** The dev issuer key file (embedded mode), used only when no service token is configured. */
  readonly devKeyFile?: string;
  readonly timeoutMs?: number;
}

/**
 * Reads a lab record's CML credentials from lab-manager: `GET {LAB_MANAGER_URL}/api/lab-records/{id}/credentials`
 * with the service role, answering `{username, password}` (404 when unknown). The password is passed
 * straight through to the owner's `/access` response and never logged.
 */
export class LabCredentialsClient implements LabCredentialsProvider {
  private token?: Promise<string>;

  constructor(private readonly options: LabCredentialsClientOptions) {}

  async credentialsOf(labRecordId: string): Promise<LabCredentials | undefined> {
    const url = `${this.options.baseUrl.replace(/\/$/, '')}/api/lab-records/${encodeURIComponent(labRecordId)}/credentials`;
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${await this.bearer()}`, accept: 'application/json' },
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

  private bearer(): Promise<string> {
    if (this.options.serviceToken) return Promise.resolve(this.options.serviceToken);
    const keyFile = this.options.devKeyFile;
    if (!keyFile) return Promise.reject(new Error('no SERVICE_TOKEN is configured for calls to lab-manager'));
    // Embedded mode: every service trusts the same dev issuer, so a self-minted service token works there.
    this.token ??= DevIssuer.load(keyFile).then((issuer) =>
      issuer.mint({ sub: 'session-manager', roles: ['service'], expiresIn: '30d' }),
    );
    return this.token;
  }
}
