import { readFile } from 'node:fs/promises';
import type { ServiceTokens } from './service-tokens';
import { tracedFetch } from '../ops/tracing';

/**
 * A bearer token read from a file at each use: a projected ServiceAccount token, which the kubelet
 * replaces well before it expires (K_SINK_TOKEN_FILE). A small local read per call never sends a token the
 * kubelet has already replaced. A 401 is not retried here: the file is the kubelet's to renew, and the
 * caller's own retries read it again.
 */
export class TokenFile implements ServiceTokens {
  constructor(private readonly path: string) {}

  async authorization(): Promise<string> {
    let token: string;
    try {
      token = (await readFile(this.path, 'utf8')).trim();
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      // eslint-disable-next-line preserve-caught-error -- the code says it all; the cause adds nothing
      throw new Error(`cannot read the token file ${this.path}: ${reason}`);
    }
    if (token === '') throw new Error(`the token file ${this.path} is empty`);
    return `Bearer ${token}`;
  }

  async fetch(input: string | URL, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('authorization', await this.authorization());
    return tracedFetch(input, { ...init, headers });
  }
}
