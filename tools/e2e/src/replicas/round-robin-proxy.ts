import { type Server, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback HTTP proxy in front of the replicas of one service, as a Kubernetes Service is: each request
 * goes to the next replica in turn, with its method, path, headers (Authorization included) and body
 * untouched, and the replica's answer comes back as it is. Replicas are named after the proxy started,
 * since their subscribers' URLs (this proxy's) must be known before they start.
 */
export class RoundRobinProxy {
  private server?: Server;
  private targets: readonly URL[] = [];
  private next = 0;
  /** How many requests each replica got, by target URL. */
  readonly forwarded = new Map<string, number>();

  /** Listens on a free loopback port; returns the proxy's base URL. */
  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      if (this.targets.length === 0) {
        res.writeHead(503).end('no replica behind this proxy yet');
        return;
      }
      const target = this.targets[this.next++ % this.targets.length] as URL;
      this.forwarded.set(target.origin, (this.forwarded.get(target.origin) ?? 0) + 1);
      const upstream = request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: target.host },
          // A connection per request: a kept-alive one the replica closes just as it is reused would be
          // answered 502 here, a race of the proxy, not of the system behind it.
          agent: false,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      // A replica that is gone answers like a Service without a ready endpoint: the sender retries.
      upstream.on('error', () => (res.headersSent ? res.destroy() : res.writeHead(502).end()));
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  /** The replicas requests are spread over, by base URL. */
  route(targets: readonly string[]): void {
    this.targets = targets.map((target) => new URL(target));
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
