import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a test's HTTP sink does with each request once its whole body has arrived. */
export type SinkHandler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

/**
 * A loopback HTTP server for tests that services post to (events, spans): it reads each request's body and
 * hands it to `handle`. `start` returns its base URL.
 */
export class BodySink {
  private server?: Server;

  constructor(private readonly handle: SinkHandler) {}

  async start(): Promise<string> {
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => this.handle(req, body, res));
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
