import { type CmlClientOptions, resolveCmlClientOptions } from './cml-client-options';
import type { CircuitState } from './circuit-breaker';
import { CmlTransport } from './cml-transport';
import type {
  CmlImportLabResponse,
  CmlLab,
  CmlLabAssociations,
  CmlLabCreate,
  CmlLabElementState,
  CmlLabState,
  CmlLicensingRegistration,
  CmlLicensingStatus,
  CmlPermission,
  CmlResponseBody,
  CmlSystemHealth,
  CmlSystemInformation,
  CmlSystemStats,
  CmlTopology,
  CmlTopologyResponse,
  CmlUser,
  CmlUserCreate,
} from './cml-types';
import { parseTopology } from './parse-topology';

/**
 * How a deregistration ended. 204: deregistered everywhere; 202: deregistered on the controller but the
 * Smart Software Manager could not be told (CML calls it done; LCM treats it as done); 400: nothing was
 * registered.
 */
export type CmlDeregistration =
  | { status: 204; outcome: 'DEREGISTERED' }
  | { status: 202; outcome: 'DEREGISTERED_LOCALLY' }
  | { status: 400; outcome: 'ALREADY_DEREGISTERED' };

const id = (value: string) => encodeURIComponent(value);

/**
 * A typed client of one CML 2.9 controller (one per worker). Logs in lazily and caches the token, logs in
 * again once on a 401, retries idempotent calls on timeouts, connection failures and 5xx, and fails fast
 * through a per-worker circuit breaker. Every failure is a CmlError.
 */
export class CmlClient {
  readonly baseUrl: string;
  readonly #transport: CmlTransport;

  constructor(options: CmlClientOptions) {
    const { credentials, ...resolved } = resolveCmlClientOptions(options);
    this.baseUrl = resolved.baseUrl;
    this.#transport = new CmlTransport(resolved, credentials);
  }

  /** The state of this worker's circuit breaker. */
  get circuitState(): CircuitState {
    return this.#transport.breaker.state;
  }

  /** Logs in now; other calls log in on demand, so this is only needed to check the credentials early. */
  authenticate(): Promise<void> {
    return this.#transport.login();
  }

  /** `GET /authok`: whether the (cached or fresh) token is accepted. */
  async authOk(): Promise<CmlResponseBody<'/authok', 'get'>> {
    return (await this.#transport.send({ method: 'GET', path: '/authok' })).body as string;
  }

  /** `GET /system_information`, without a token: version and whether the controller is ready. */
  async systemInformation(): Promise<CmlSystemInformation> {
    const answer = await this.#transport.send({
      method: 'GET',
      path: '/system_information',
      authenticated: false,
    });
    return answer.body as CmlSystemInformation;
  }

  /** `GET /system_stats`: CPU, memory, disk and running nodes per compute. */
  async systemStats(): Promise<CmlSystemStats> {
    return (await this.#transport.send({ method: 'GET', path: '/system_stats' })).body as CmlSystemStats;
  }

  /** `GET /system_health`. */
  async systemHealth(): Promise<CmlSystemHealth> {
    return (await this.#transport.send({ method: 'GET', path: '/system_health' })).body as CmlSystemHealth;
  }

  /** `GET /licensing`: registration and authorization status. */
  async licensing(): Promise<CmlLicensingStatus> {
    return (await this.#transport.send({ method: 'GET', path: '/licensing' })).body as CmlLicensingStatus;
  }

  /** `POST /licensing/registration` with a Smart Licensing token: accepted at once (204); poll `licensing()`. */
  async registerLicense(token: string, options: { reregister?: boolean } = {}): Promise<void> {
    const body: CmlLicensingRegistration = { token, reregister: options.reregister ?? false };
    await this.#transport.send({ method: 'POST', path: '/licensing/registration', body });
  }

  /** `PUT /licensing/registration/renew`. */
  async renewLicenseRegistration(): Promise<void> {
    await this.#transport.send({ method: 'PUT', path: '/licensing/registration/renew' });
  }

  /** `PUT /licensing/authorization/renew`. */
  async renewLicenseAuthorization(): Promise<void> {
    await this.#transport.send({ method: 'PUT', path: '/licensing/authorization/renew' });
  }

  /** `DELETE /licensing/deregistration`; 202 (partial success) and 400 (nothing registered) are outcomes, not errors. */
  async deregisterLicense(): Promise<CmlDeregistration> {
    const { status } = await this.#transport.send({
      method: 'DELETE',
      path: '/licensing/deregistration',
      accept: [400],
    });
    if (status === 202) return { status, outcome: 'DEREGISTERED_LOCALLY' };
    if (status === 400) return { status, outcome: 'ALREADY_DEREGISTERED' };
    return { status: 204, outcome: 'DEREGISTERED' };
  }

  /** `GET /labs`: ids of the labs the user owns, or of every lab it may see with `showAll`. */
  async listLabs(options: { showAll?: boolean } = {}): Promise<CmlResponseBody<'/labs', 'get'>> {
    const answer = await this.#transport.send({
      method: 'GET',
      path: '/labs',
      query: { show_all: options.showAll },
    });
    return answer.body as string[];
  }

  /** `GET /labs/{lab_id}`. */
  async getLab(labId: string): Promise<CmlLab> {
    return (await this.#transport.send({ method: 'GET', path: `/labs/${id(labId)}` })).body as CmlLab;
  }

  /** `POST /labs`: an empty lab (not retried: a retry could create a second one). */
  async createLab(lab: CmlLabCreate = {}): Promise<CmlLab> {
    return (await this.#transport.send({ method: 'POST', path: '/labs', body: lab })).body as CmlLab;
  }

  /** `PATCH /labs/{lab_id}`: title, description, notes. */
  async patchLab(labId: string, changes: CmlLabCreate): Promise<CmlLab> {
    return (await this.#transport.send({ method: 'PATCH', path: `/labs/${id(labId)}`, body: changes }))
      .body as CmlLab;
  }

  /** `DELETE /labs/{lab_id}`: the lab must be stopped and wiped first. */
  async deleteLab(labId: string): Promise<void> {
    await this.#transport.send({ method: 'DELETE', path: `/labs/${id(labId)}` });
  }

  /** `GET /labs/{lab_id}/state`. */
  async labState(labId: string): Promise<CmlLabState> {
    return (await this.#transport.send({ method: 'GET', path: `/labs/${id(labId)}/state` }))
      .body as CmlLabState;
  }

  /** `PUT /labs/{lab_id}/start`: returns at once; poll `checkIfConverged`. */
  async startLab(labId: string): Promise<void> {
    await this.#transport.send({ method: 'PUT', path: `/labs/${id(labId)}/start` });
  }

  /** `PUT /labs/{lab_id}/stop`. */
  async stopLab(labId: string): Promise<void> {
    await this.#transport.send({ method: 'PUT', path: `/labs/${id(labId)}/stop` });
  }

  /** `PUT /labs/{lab_id}/wipe`: only for a stopped lab; CML answers 400 otherwise. */
  async wipeLab(labId: string): Promise<void> {
    await this.#transport.send({ method: 'PUT', path: `/labs/${id(labId)}/wipe` });
  }

  /** `GET /labs/{lab_id}/check_if_converged`: true once every node has booted. */
  async checkIfConverged(labId: string): Promise<boolean> {
    const answer = await this.#transport.send({
      method: 'GET',
      path: `/labs/${id(labId)}/check_if_converged`,
    });
    return answer.body as boolean;
  }

  /** `GET /labs/{lab_id}/lab_element_state`: the state of every node, link and interface. */
  async labElementState(labId: string): Promise<CmlLabElementState> {
    const answer = await this.#transport.send({
      method: 'GET',
      path: `/labs/${id(labId)}/lab_element_state`,
    });
    return answer.body as CmlLabElementState;
  }

  /** `GET /labs/{lab_id}/topology`, with CML's element ids. */
  async labTopology(
    labId: string,
    options: { excludeConfigurations?: boolean } = {},
  ): Promise<CmlTopologyResponse> {
    const answer = await this.#transport.send({
      method: 'GET',
      path: `/labs/${id(labId)}/topology`,
      query: { exclude_configurations: options.excludeConfigurations },
    });
    return answer.body as CmlTopologyResponse;
  }

  /** `GET /labs/{lab_id}/download`: the lab as CML YAML text. */
  async downloadLab(labId: string): Promise<CmlResponseBody<'/labs/{lab_id}/download', 'get'>> {
    return (await this.#transport.send({ method: 'GET', path: `/labs/${id(labId)}/download` }))
      .body as string;
  }

  /**
   * `POST /import`: creates a lab from a topology, given as YAML text or as the parsed object (YAML is
   * parsed here, as CML's API takes JSON). Not retried: a retry could create a second lab.
   */
  async importTopology(
    topology: string | CmlTopology,
    options: { title?: string } = {},
  ): Promise<CmlImportLabResponse> {
    const answer = await this.#transport.send({
      method: 'POST',
      path: '/import',
      query: { title: options.title },
      body: parseTopology(topology),
    });
    return answer.body as CmlImportLabResponse;
  }

  /** `GET /labs/{lab_id}/associations`. */
  async labAssociations(labId: string): Promise<CmlLabAssociations> {
    const answer = await this.#transport.send({ method: 'GET', path: `/labs/${id(labId)}/associations` });
    return answer.body as CmlLabAssociations;
  }

  /** `PATCH /labs/{lab_id}/associations`: sets the listed users' and groups' permissions on the lab. */
  async setLabAssociations(labId: string, associations: CmlLabAssociations): Promise<CmlLabAssociations> {
    const answer = await this.#transport.send({
      method: 'PATCH',
      path: `/labs/${id(labId)}/associations`,
      body: associations,
    });
    return answer.body as CmlLabAssociations;
  }

  /** Lets a user run a lab (`lab_exec`, plus `lab_view` to see it), as a session's own CML user needs. */
  grantLabExec(labId: string, userId: string): Promise<CmlLabAssociations> {
    const permissions: CmlPermission[] = ['lab_view', 'lab_exec'];
    return this.setLabAssociations(labId, { users: [{ id: userId, permissions }] });
  }

  /** `POST /users` (201): not retried, a retry would meet the user created by the first attempt. */
  async createUser(user: CmlUserCreate): Promise<CmlUser> {
    return (await this.#transport.send({ method: 'POST', path: '/users', body: user })).body as CmlUser;
  }

  /** `DELETE /users/{user_id}`. */
  async deleteUser(userId: string): Promise<void> {
    await this.#transport.send({ method: 'DELETE', path: `/users/${id(userId)}` });
  }

  /** `GET /users/{username}/id`: a user's id; CmlError (http 404) when there is no such user. */
  async userIdByName(username: string): Promise<CmlResponseBody<'/users/{username}/id', 'get'>> {
    return (await this.#transport.send({ method: 'GET', path: `/users/${id(username)}/id` })).body as string;
  }

  /** Drops pooled connections; the client can still be used afterwards (new connections are opened). */
  close(): void {
    this.#transport.close();
  }
}
