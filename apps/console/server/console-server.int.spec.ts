import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleSettings } from './console-config';
import { createConsoleServer } from './console-server';

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );

describe('the console server', () => {
  const root = mkdtempSync(join(tmpdir(), 'console-'));
  const seen: Array<{ method?: string; url?: string; authorization?: string }> = [];
  let upstream: Server;
  let console: Server;
  let url: string;

  beforeAll(async () => {
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>LCM</title>');
    writeFileSync(join(root, 'assets', 'app-abc.js'), 'console.log(1)');
    upstream = createServer((req, res) => {
      seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization });
      if (req.url?.startsWith('/api/events/stream')) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('id: 1-0\ndata: {}\n\n');
        return;
      }
      res.writeHead(409, { 'content-type': 'application/problem+json' }).end('{"detail":"already draining"}');
    });
    const upstreamUrl = await listen(upstream);
    const settings = consoleSettings(
      {
        PORT: '0',
        WORKER_MANAGER_URL: upstreamUrl,
        LAB_MANAGER_URL: upstreamUrl,
        SESSION_MANAGER_URL: upstreamUrl,
      },
      root,
    );
    console = createConsoleServer(settings);
    url = await listen(console);
  });

  afterAll(async () => {
    console.closeAllConnections();
    upstream.closeAllConnections();
    await new Promise((resolve) => console.close(resolve));
    await new Promise((resolve) => upstream.close(resolve));
    rmSync(root, { recursive: true, force: true });
  });

  it("passes API calls on to the service with the person's token and hands back its answer as it is", async () => {
    const response = await fetch(`${url}/services/worker-manager/api/workers/w-1/drain?x=1`, {
      method: 'POST',
      headers: { authorization: 'Bearer t' },
    });
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ detail: 'already draining' });
    expect(seen.at(-1)).toEqual({
      method: 'POST',
      url: '/api/workers/w-1/drain?x=1',
      authorization: 'Bearer t',
    });
  });

  it('streams events through as they come, without waiting for the end of the response', async () => {
    const abort = new AbortController();
    const response = await fetch(`${url}/services/session-manager/api/events/stream`, {
      signal: abort.signal,
    });
    const reader = response.body?.getReader();
    const first = await reader?.read();
    expect(new TextDecoder().decode(first?.value)).toContain('id: 1-0');
    abort.abort();
  });

  it('never passes on what the console does not use: POST /events, metrics, unknown services', async () => {
    const before = seen.length;
    for (const path of [
      '/services/worker-manager/events',
      '/services/lab-manager/metrics',
      '/services/other/api/x',
    ]) {
      expect((await fetch(`${url}${path}`, { method: 'POST' })).status).toBe(404);
    }
    expect(seen.length).toBe(before);
  });

  it('serves the app for any page path, its assets for a year, its login settings, and no file outside its root', async () => {
    const page = await fetch(`${url}/sessions`);
    expect(await page.text()).toContain('<title>LCM</title>');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const asset = await fetch(`${url}/assets/app-abc.js`);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(await (await fetch(`${url}/config.json`)).json()).toEqual({
      login: 'dev',
      rolesClaim: 'realm_access.roles',
    });
    expect((await fetch(`${url}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${url}/..%2f..%2fetc%2fpasswd.txt`)).status).toBe(404);
  });

  it('reads OIDC login settings and refuses an issuer without a client id', () => {
    const settings = consoleSettings(
      { OIDC_AUTHORITY: 'https://id.example.com/realms/lcm', OIDC_CLIENT_ID: 'lcm-console' },
      root,
    );
    expect(settings.config).toEqual({
      login: 'oidc',
      oidc: {
        authority: 'https://id.example.com/realms/lcm',
        clientId: 'lcm-console',
        scope: 'openid profile',
      },
      rolesClaim: 'realm_access.roles',
    });
    expect(() => consoleSettings({ OIDC_AUTHORITY: 'https://id.example.com' }, root)).toThrow(
      'OIDC_CLIENT_ID',
    );
  });
});
