import { type Agent, request } from 'node:http';

/** What a request got: an answer, or the error that kept it from getting one. */
export type Outcome =
  | {
      readonly status: number;
      readonly contentType: string;
      readonly retryAfter?: string;
      readonly body: string;
    }
  | { readonly error: string };

/**
 * POSTs with node:http on the given agent and never throws: a load test counts connection errors instead of
 * failing at the first. No client timeout: an overloaded service must answer, and the test's own timeout
 * reports one that does not.
 */
export function rawPost(
  url: string,
  agent: Agent,
  headers: Record<string, string>,
  body: string,
): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: res.headers['content-type'] ?? '',
          retryAfter: res.headers['retry-after'],
          body: Buffer.concat(chunks).toString(),
        }),
      );
      res.on('error', (error) => resolve({ error: error.message }));
    });
    req.on('error', (error) =>
      resolve({ error: `${(error as NodeJS.ErrnoException).code ?? ''} ${error.message}` }),
    );
    req.end(body);
  });
}
