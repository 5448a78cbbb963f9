import { CliError } from './cli-error';

/** Talks to one LCM service's REST API with a bearer token; problem+json answers become CliErrors. */
export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: () => Promise<string>,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /**
   * Follows a Server-Sent Events route (`GET /api/events/stream`), calling `onEvent` with each event's
   * parsed `data` until it returns `true` (done) or the server ends the stream. Answers `false`, reading
   * nothing, when the route is not there (an older service): the caller falls back to polling.
   */
  async follow(path: string, onEvent: (data: unknown) => boolean): Promise<boolean> {
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}${path}`, {
        headers: { authorization: `Bearer ${await this.token()}`, accept: 'text/event-stream' },
      });
    } catch {
      throw new CliError(`cannot reach ${this.baseUrl} (is \`npm start\` running?)`);
    }
    if (response.status === 404 || !response.body) return false;
    if (!response.ok)
      throw new CliError(`${response.status} ${response.statusText}: ${await response.text()}`);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return true;
        buffered += value;
        // Events end with a blank line; only `data:` lines matter here (comments and `retry:` do not).
        let end: number;
        while ((end = buffered.indexOf('\n\n')) >= 0) {
          const block = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const data = block
            .split('\n')
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trimStart())
            .join('\n');
          if (data && onEvent(JSON.parse(data))) return true;
        }
      }
    } finally {
      await reader.cancel().catch(() => undefined);
    }
  }

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
