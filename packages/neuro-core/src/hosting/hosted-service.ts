/**
 * A long-lived background part of a service (outbox relay, job workers, pollers). The host starts them
 * after the HTTP server listens and stops them in reverse order on shutdown; `stop` must be safe to call
 * twice.
 */
export interface HostedService {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * Stops at once, as a crash would (tests use it through `BuiltService.crash`): no waiting for work in
   * flight, which stays claimed in Redis until its lock expires and another instance takes it over.
   */
  abandon?(): Promise<void>;
}
