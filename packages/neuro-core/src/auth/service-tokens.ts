/**
 * This service's own bearer tokens, for its calls to other services (event deliveries, REST). A port:
 * adapters depend on it, not on how the tokens are obtained (OAuth 2.0 client credentials in every mode).
 */
export interface ServiceTokens {
  /** `Bearer <token>`, a cached token while it is fresh. */
  authorization(): Promise<string>;
  /**
   * `fetch` with this service's bearer token. A 401 answer drops the token, and the call is sent once more
   * with a new one (the body must be replayable: a string or buffer, not a stream).
   */
  fetch(input: string | URL, init?: RequestInit): Promise<Response>;
}

/** DI token of the service's ServiceTokens. */
export const SERVICE_TOKENS = Symbol.for('lcm.ServiceTokens');
