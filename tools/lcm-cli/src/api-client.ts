import { CliError } from './cli-error';

/** Talks to one LCM service's REST API with a bearer token; problem+json answers become CliErrors. */
export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: () => Promise<string>,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${await this.token()}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new CliError(`cannot reach ${this.baseUrl} (is \`npm start\` running?)`);
    }
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) {
      const problem = parsed as {
        title?: string;
        detail?: string;
        errors?: Array<{ path: string; message: string }>;
      };
      const fields = problem?.errors?.map((e) => `\n  ${e.path || '(body)'}: ${e.message}`).join('') ?? '';
      throw new CliError(
        `${response.status} ${problem?.title ?? response.statusText}: ${problem?.detail ?? text}${fields}`,
      );
    }
    return parsed as T;
  }
}
