import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServiceTokens } from '@lcm/neuro-core';
import { LabCredentialsClient } from './lab-credentials.client';

/** Service tokens that always send the same bearer, as a cached client-credentials token would. */
const tokens: ServiceTokens = {
  authorization: async () => 'Bearer svc-token',
  fetch: (input, init = {}) =>
    fetch(input, { ...init, headers: { ...(init.headers as object), authorization: 'Bearer svc-token' } }),
};

describe('LabCredentialsClient', () => {
  let server: Server;
  let baseUrl: string;
  const seen: Array<{ url?: string; authorization?: string }> = [];

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      seen.push({ url: req.url, authorization: req.headers.authorization });
      if (req.url === '/api/lab-records/lab-1/credentials') {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ username: 'lcm-s1', password: 'pw-1' }));
      } else if (req.url === '/api/lab-records/broken/credentials') {
        res.writeHead(500).end();
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('asks lab-manager for a lab record’s credentials with the service’s own token', async () => {
    const client = new LabCredentialsClient({ baseUrl, tokens });
    await expect(client.credentialsOf('lab-1')).resolves.toEqual({ username: 'lcm-s1', password: 'pw-1' });
    expect(seen.at(-1)).toEqual({
      url: '/api/lab-records/lab-1/credentials',
      authorization: 'Bearer svc-token',
    });
  });

  it('answers undefined for a lab record lab-manager does not know, and throws on a server error', async () => {
    const client = new LabCredentialsClient({ baseUrl, tokens });
    await expect(client.credentialsOf('unknown')).resolves.toBeUndefined();
    await expect(client.credentialsOf('broken')).rejects.toThrow(
      'lab-manager answered 500 for the credentials of lab record broken',
    );
  });
});
