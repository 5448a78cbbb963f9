import type { Response } from 'express';

/**
 * The escape hatch for a route whose answer is not a JSON value (a YAML file, a stream): return
 * `new RawResponse((res) => res.type('yaml').send(text))` and the host lets it write the response itself.
 */
export class RawResponse {
  constructor(readonly write: (res: Response) => unknown) {}
}
