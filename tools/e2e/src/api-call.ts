/** One answer of an LCM API. */
export interface ApiAnswer {
  readonly status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies of the API under test
  readonly body: any;
}

/** Calls an LCM API as the holder of `token`, with a JSON body if any; the answer's body parsed. */
export async function call(
  url: string,
  token: string,
  method = 'GET',
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiAnswer> {
  const response = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/**
 * Runs a walk through the running system; a failure names the hop that did not happen, and the system's
 * last lines, added to it, say why.
 */
export async function withSystemLines<T>(lines: () => string, walk: () => Promise<T>): Promise<T> {
  try {
    return await walk();
  } catch (error) {
    (error as Error).message += `\n--- last lines of the system ---\n${lines()}`;
    throw error;
  }
}
