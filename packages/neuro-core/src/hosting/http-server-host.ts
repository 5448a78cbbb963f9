import { type RequestListener, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { HostedService } from './hosted-service';

/** Where the host listens, what runs beside the HTTP server, and how long shutdown may take. */
export interface HttpServerHostOptions {
  readonly port: number;
  /** Default: all interfaces. */
  readonly host?: string;
  readonly logger: Logger;
  /** Started in order once the server listens, stopped in reverse order after it has drained. */
  readonly services?: readonly HostedService[];
  /** How long in-flight requests may take to finish before their connections are cut. Default 10 s. */
  readonly drainTimeoutMs?: number;
}

/** How `closeOnSignals` ends the process. */
export interface SignalOptions {
  readonly signals?: readonly NodeJS.Signals[];
  /** Called with 0 after a clean shutdown, 1 after a failed one. Default `process.exit`. */
  readonly exit?: (code: number) => void;
}

/**
 * Runs a service: the HTTP server plus its hosted services. `close()` stops accepting connections, lets
 * in-flight requests finish (up to `drainTimeoutMs`), then stops the hosted services in reverse order;
 * it is safe to call twice. `closeOnSignals()` does that on SIGTERM/SIGINT, as Kubernetes expects.
 */
export class HttpServerHost {
  private readonly server: Server;
  private readonly started: HostedService[] = [];
  private closing?: Promise<void>;
  private readonly signalHandlers = new Map<NodeJS.Signals, () => void>();

  constructor(
    app: RequestListener,
    private readonly options: HttpServerHostOptions,
  ) {
    this.server = createServer(app);
    // Keep-alive connections that finish their request while draining would otherwise idle until timeout.
    this.server.on('request', (_req, res) => {
      res.once('finish', () => {
        if (this.closing) setImmediate(() => this.server.closeIdleConnections());
      });
    });
  }

  /** Listens, then starts the hosted services; a service that fails to start closes everything again. */
  async start(): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const address = this.server.address() as AddressInfo;
    this.options.logger.info({ port: address.port }, 'HTTP server listening');
    try {
      for (const service of this.options.services ?? []) {
        await service.start();
        this.started.push(service);
        this.options.logger.info({ hostedService: service.name }, 'hosted service started');
      }
    } catch (error) {
      await this.close();
      throw error;
    }
    return address;
  }

  /** Where the server listens; undefined before `start` (and after `close`). */
  get address(): AddressInfo | undefined {
    return (this.server.address() as AddressInfo | null) ?? undefined;
  }

  /** Shuts down gracefully; later calls return the same promise. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  /**
   * Stops as a crashed process would: every connection cut, in-flight requests unanswered, hosted services
   * abandoned rather than stopped. For tests that crash a service and start a fresh one on its stores.
   */
  crash(): Promise<void> {
    this.closing ??= (async () => {
      for (const [signal, handler] of this.signalHandlers) process.off(signal, handler);
      this.server.close();
      this.server.closeAllConnections();
      for (const service of this.started.reverse()) await service.abandon?.();
    })();
    return this.closing;
  }

  /** Closes the host on the first of `signals`, then exits the process. */
  closeOnSignals(options: SignalOptions = {}): this {
    const exit = options.exit ?? ((code: number) => process.exit(code));
    for (const signal of options.signals ?? ['SIGTERM', 'SIGINT']) {
      const handler = () => {
        this.options.logger.info({ signal }, 'shutting down');
        this.close().then(
          () => exit(0),
          () => exit(1),
        );
      };
      this.signalHandlers.set(signal, handler);
      process.once(signal, handler);
    }
    return this;
  }

  private async shutDown(): Promise<void> {
    for (const [signal, handler] of this.signalHandlers) process.off(signal, handler);
    await this.drain();
    const failures: unknown[] = [];
    for (const service of this.started.reverse()) {
      try {
        await service.stop();
        this.options.logger.info({ hostedService: service.name }, 'hosted service stopped');
      } catch (error) {
        failures.push(error);
        this.options.logger.error(
          { err: error, hostedService: service.name },
          'hosted service failed to stop',
        );
      }
    }
    if (failures.length > 0)
      throw new AggregateError(failures, `${failures.length} hosted service(s) failed to stop`);
    this.options.logger.info('shut down');
  }

  private drain(): Promise<void> {
    if (!this.server.listening) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.options.logger.warn(
          { timeoutMs: this.drainTimeoutMs },
          'in-flight requests cut at the drain timeout',
        );
        this.server.closeAllConnections();
      }, this.drainTimeoutMs);
      this.server.close(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private get drainTimeoutMs(): number {
    return this.options.drainTimeoutMs ?? 10_000;
  }
}
