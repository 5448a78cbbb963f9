import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { type IncomingMessage, type Server, type ServerResponse, createServer, request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { extname, join, normalize, sep } from 'node:path';
import type { ConsoleSettings } from './console-config';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

// Only what the console uses is passed on: the REST APIs (with their event streams) and the dev login.
// `POST /events`, metrics and the dev issuer's other endpoints stay unreachable through the console.
const PROXIED = /^\/services\/(worker-manager|lab-manager|session-manager)(\/(?:api\/|oauth\/dev-login$).*)$/;

const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'host', 'proxy-connection'];

/**
 * The console's web server: the built single-page app (any path without a file is the app's
 * `index.html`), its `/config.json`, and `/services/<service>/api/...` passed on to that service, so
 * the browser talks to one origin (no CORS) and event streams flow through unbuffered.
 */
export function createConsoleServer(settings: ConsoleSettings): Server {
  const securityHeaders = contentSecurity(settings);
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] as string;
    const proxied = PROXIED.exec(path);
    if (proxied) return proxy(req, res, settings.upstreams[proxied[1] as keyof ConsoleSettings['upstreams']]);
    if (path.startsWith('/services/')) return notFound(res);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/config.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(settings.config));
      return;
    }
    serveFile(res, settings.root, path, securityHeaders).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
}

function contentSecurity(settings: ConsoleSettings): Record<string, string> {
  const issuer = settings.config.oidc ? new URL(settings.config.oidc.authority).origin : '';
  return {
    'content-security-policy': [
      "default-src 'self'",
      `connect-src 'self' ${issuer}`.trim(),
      `frame-src ${issuer || "'none'"}`,
      // Mantine and the timeline position elements with style attributes.
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "object-src 'none'",
      "base-uri 'self'",
      "frame-ancestors 'none'",
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
}

async function serveFile(
  res: ServerResponse,
  root: string,
  path: string,
  securityHeaders: Record<string, string>,
): Promise<void> {
  const relative = normalize(decodeURIComponent(path)).replace(/^([/\\])+/, '');
  let file = join(root, relative);
  if (!file.startsWith(normalize(root + sep)) && file !== normalize(root)) return notFound(res);
  let found = await stat(file).catch(() => undefined);
  if (!found?.isFile()) {
    // A path with an extension is a missing asset; any other is a page of the app.
    if (extname(relative)) return notFound(res);
    file = join(root, 'index.html');
    found = await stat(file).catch(() => undefined);
    if (!found?.isFile()) return notFound(res);
  }
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  const hashed = relative.startsWith('assets/');
  res.writeHead(200, {
    'content-type': type,
    'content-length': found.size,
    // Built assets carry a content hash in their name; the page itself must always be fresh.
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...(type.startsWith('text/html') ? securityHeaders : { 'x-content-type-options': 'nosniff' }),
  });
  createReadStream(file).pipe(res);
}

function proxy(req: IncomingMessage, res: ServerResponse, upstream: string): void {
  const target = new URL(upstream);
  const url = req.url as string;
  const path = `${target.pathname.replace(/\/$/, '')}${url.replace(/^\/services\/[^/]+/, '')}`;
  const headers = { ...req.headers };
  for (const name of HOP_BY_HOP) delete headers[name];
  const send = target.protocol === 'https:' ? httpsRequest : request;
  const outgoing = send(
    { hostname: target.hostname, port: target.port, path, method: req.method, headers },
    (answer) => {
      const responseHeaders = { ...answer.headers };
      for (const name of HOP_BY_HOP) delete responseHeaders[name];
      res.writeHead(answer.statusCode ?? 502, responseHeaders);
      // Event streams: every chunk leaves as it comes.
      res.flushHeaders();
      answer.pipe(res);
    },
  );
  outgoing.on('error', () => {
    if (res.headersSent) return void res.destroy();
    res.writeHead(502, { 'content-type': 'application/problem+json' });
    res.end(
      JSON.stringify({
        type: 'about:blank',
        title: 'Bad Gateway',
        status: 502,
        detail: 'the service does not answer',
      }),
    );
  });
  // A browser closing an event stream closes the service's response too.
  res.on('close', () => outgoing.destroy());
  req.pipe(outgoing);
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
}
