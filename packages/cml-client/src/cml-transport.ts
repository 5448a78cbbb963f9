import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance } from 'axios';
import { CircuitBreaker } from './circuit-breaker';
import type { CmlCredentials, ResolvedCmlClientOptions } from './cml-client-options';
import { CmlError, type CmlErrorKind } from './cml-error';
import { RetryPolicy } from './retry-policy';

/** One call to the CML API. */
export interface CmlRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below `/api/v0`, parameters already encoded. */
  path: string;
  query?: Record<string, string | boolean | undefined>;
  body?: unknown;
  /** Send the bearer token (default true); `system_information` and `authenticate` go without. */
  authenticated?: boolean;
  /** A POST that may be repeated without harm, so it is retried like GET/PUT/DELETE. */
  safe?: boolean;
  /** Error statuses the caller handles itself instead of getting a CmlError. */
  accept?: readonly number[];
}

/** CML's answer: the status and the parsed JSON body (undefined when empty). */
export interface CmlAnswer {
  status: number;
  body: unknown;
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * Moves requests to one CML controller: logs in (one login shared by concurrent callers, refreshed before
 * the token's expiry), logs in again once on a 401, retries per the retry policy and routes every HTTP
 * exchange through the worker's circuit breaker. Credentials and the token live in private fields so
 * neither shows up when the client is inspected or logged.
 */
export class CmlTransport {
  readonly breaker: CircuitBreaker;
  private readonly retry: RetryPolicy;
  private readonly http: AxiosInstance;
  private readonly agents: { http: http.Agent; https: https.Agent };
  readonly #credentials: CmlCredentials;
  #token?: { value: string; expiresAt?: number };
  #login?: Promise<string>;

  constructor(
    private readonly options: Omit<ResolvedCmlClientOptions, 'credentials'>,
    credentials: CmlCredentials,
  ) {
    this.#credentials = credentials;
    this.breaker = new CircuitBreaker(options.circuitBreaker, options.now);
    this.retry = new RetryPolicy(options.retry, options.random);
    this.agents = {
      http: new http.Agent({ keepAlive: true }),
      https: new https.Agent({ keepAlive: true, rejectUnauthorized: options.verifyTls }),
    };
    this.http = axios.create({
      baseURL: `${options.baseUrl}/api/v0`,
      timeout: options.timeoutMs,
      httpAgent: this.agents.http,
      httpsAgent: this.agents.https,
      proxy: false,
      maxRedirects: 0,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      transitional: { clarifyTimeoutError: true },
      validateStatus: () => true,
    });
  }

  /** Sends a request with login, retries and the breaker; non-2xx answers not in `accept` throw CmlError. */
  async send(request: CmlRequest): Promise<CmlAnswer> {
    const idempotent = request.method !== 'POST' && request.method !== 'PATCH' ? true : request.safe === true;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return this.check(request, await this.sendOnce(request));
      } catch (error) {
        if (!this.retry.shouldRetry(error, idempotent, attempt)) throw error;
        await new Promise((resolve) => setTimeout(resolve, this.retry.delayMs(attempt)));
      }
    }
  }

  /** Logs in now (with retries), replacing any cached token. */
  async login(): Promise<void> {
    this.#token = undefined;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.token();
        return;
      } catch (error) {
        if (!this.retry.shouldRetry(error, true, attempt)) throw error;
        await new Promise((resolve) => setTimeout(resolve, this.retry.delayMs(attempt)));
      }
    }
  }

  /** Drops pooled keep-alive connections. */
  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  private async sendOnce(request: CmlRequest): Promise<CmlAnswer> {
    if (request.authenticated === false) return this.exchange(request);
    const token = await this.token();
    const answer = await this.exchange(request, token);
    if (answer.status !== 401) return answer;
    if (this.#token?.value === token) this.#token = undefined;
    const again = await this.exchange(request, await this.token());
    if (again.status === 401) throw this.failure('auth', request, again, 'rejected a freshly issued token');
    return again;
  }

  /** The cached token, or one fresh login shared by everybody waiting for it. */
  private async token(): Promise<string> {
    const cached = this.#token;
    if (cached && (cached.expiresAt === undefined || this.options.now() < cached.expiresAt))
      return cached.value;
    this.#login ??= this.authenticate().finally(() => (this.#login = undefined));
    return this.#login;
  }

  private async authenticate(): Promise<string> {
    const request: CmlRequest = {
      method: 'POST',
      path: '/authenticate',
      body: { username: this.#credentials.username, password: this.#credentials.password },
      authenticated: false,
    };
    const answer = await this.exchange(request);
    if (answer.status === 401 || answer.status === 403) {
      throw this.failure('auth', request, answer, `refused the login of ${this.#credentials.username}`);
    }
    const value = this.check(request, answer).body;
    if (typeof value !== 'string')
      throw this.failure('http', request, answer, 'answered the login without a token');
    const exp = expiryOf(value);
    this.#token = {
      value,
      expiresAt: exp === undefined ? undefined : exp - this.options.tokenRefreshMarginMs,
    };
    return value;
  }

  /** One HTTP round trip through the breaker; transport failures become CmlError. */
  private async exchange(request: CmlRequest, token?: string): Promise<CmlAnswer> {
    if (!this.breaker.tryAcquire()) {
      throw new CmlError(
        'circuitOpen',
        `CML ${request.method} ${request.path} at ${this.options.baseUrl} not sent: circuit open for another ${this.breaker.retryInMs} ms`,
        { baseUrl: this.options.baseUrl, method: request.method, path: request.path },
      );
    }
    let answer: CmlAnswer;
    try {
      const response = await this.http.request<string>({
        method: request.method,
        url: request.path,
        params: request.query,
        data: request.body === undefined ? undefined : JSON.stringify(request.body),
        headers: {
          Accept: 'application/json',
          ...(request.body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
      });
      answer = { status: response.status, body: parseBody(response.data) };
    } catch (error) {
      this.breaker.recordFailure();
      throw this.transportFailure(request, error);
    }
    if (answer.status >= 500) this.breaker.recordFailure();
    else this.breaker.recordSuccess();
    return answer;
  }

  private check(request: CmlRequest, answer: CmlAnswer): CmlAnswer {
    if (answer.status < 300 || request.accept?.includes(answer.status)) return answer;
    throw this.failure('http', request, answer, `answered ${answer.status}`);
  }

  private failure(kind: CmlErrorKind, request: CmlRequest, answer: CmlAnswer, what: string): CmlError {
    const error = errorBody(answer.body);
    const reason = error.description ? `: ${error.description}` : '';
    return new CmlError(
      kind,
      `CML ${request.method} ${request.path} at ${this.options.baseUrl} ${what}${reason}`,
      {
        baseUrl: this.options.baseUrl,
        method: request.method,
        path: request.path,
        status: answer.status,
        ...error,
      },
    );
  }

  private transportFailure(request: CmlRequest, error: unknown): CmlError {
    const code = (error as { code?: string }).code ?? 'UNKNOWN';
    const kind: CmlErrorKind =
      code === 'ETIMEDOUT' || code === 'ECONNABORTED'
        ? 'timeout'
        : TLS_CODES.has(code)
          ? 'tls'
          : 'unreachable';
    const what =
      kind === 'timeout'
        ? `timed out after ${this.options.timeoutMs} ms`
        : kind === 'tls'
          ? `failed: server certificate rejected (${code}); set verifyTls: false for a self-signed certificate`
          : `failed: controller unreachable (${code})`;
    return new CmlError(kind, `CML ${request.method} ${request.path} at ${this.options.baseUrl} ${what}`, {
      baseUrl: this.options.baseUrl,
      method: request.method,
      path: request.path,
    });
  }
}

function parseBody(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function errorBody(body: unknown): { code?: number; description?: string } {
  if (typeof body !== 'object' || body === null) return {};
  const { code, description } = body as { code?: unknown; description?: unknown };
  return {
    ...(typeof code === 'number' ? { code } : {}),
    ...(typeof description === 'string' ? { description } : {}),
  };
}

/** The `exp` of a JWT in ms, undefined when the token does not say. */
function expiryOf(token: string): number | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      exp?: unknown;
    };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
