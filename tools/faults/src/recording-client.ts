import type { Produced } from './secret-scan';

/** One answer of the API under test. */
export interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
  readonly headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies of the API under test
  readonly body: any;
}

/** An HTTP client that keeps every answer it got, so the secrets scan reads them all afterwards. */
export class RecordingClient {
  readonly answers: Produced[] = [];

  async call(url: string, token?: string, method = 'GET', body?: unknown): Promise<Answer> {
    const response = await fetch(url, {
      method,
      headers: {
        ...(token ? { authorization: token } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      // An answer that never comes is a finding, not a hung suite.
      signal: AbortSignal.timeout(30_000),
    });
    return this.record(`${method} ${new URL(url).pathname}`, response);
  }

  /** Reads and keeps an answer got some other way (a raw body, odd headers). */
  async record(where: string, response: Response): Promise<Answer> {
    const text = await response.text();
    this.answers.push({ where: `${where} -> ${response.status}`, text });
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      text,
      headers: response.headers,
      body,
    };
  }
}
