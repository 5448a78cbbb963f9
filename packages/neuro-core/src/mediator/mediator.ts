import type { Logger } from 'pino';
import { FrameworkError } from '../core/framework-error';
import { OperationResult } from '../core/operation-result';
import { type AnyClass, type Constructor, handlerTargetOf } from './handler-registration';
import type { IntegrationEvent, IntegrationEventHandler, NotificationHandler } from './integration-event';
import type { PipelineBehavior } from './pipeline-behavior';
import type { Request, RequestClass } from './request';
import type { RequestHandler } from './request-handler';

/** Builds handler instances; in a service it is the DI container's `get`. */
export type HandlerResolver = <T>(handler: Constructor<T>) => T;

/** DI token of the Mediator. */
export const MEDIATOR = Symbol.for('lcm.Mediator');

/**
 * Sends each request to its one handler through the pipeline behaviors, and each notification to all of
 * its handlers. Handlers are keyed by class (or CloudEvent type), registered explicitly, so it works in
 * an esbuild bundle where decorator metadata and class names are not to be trusted.
 */
export class Mediator {
  private readonly requestHandlers = new Map<RequestClass, Constructor>();
  private readonly notificationHandlers = new Map<AnyClass, Constructor[]>();
  private readonly integrationHandlers = new Map<string, Constructor>();

  constructor(
    private readonly resolve: HandlerResolver,
    private readonly behaviors: readonly PipelineBehavior[] = [],
    private readonly logger?: Logger,
  ) {}

  /**
   * Registers handler classes; a second handler for the same request or the same incoming CloudEvent type
   * is a start-up error naming both.
   */
  register(...handlers: Constructor[]): this {
    for (const handler of handlers) {
      const target = handlerTargetOf(handler);
      if (!target) {
        throw new FrameworkError(
          'missingHandler',
          `${handler.name} has no @commandHandler/@queryHandler/@domainEventHandler/@integrationEventHandler decorator`,
        );
      }
      if (target.kind === 'request') {
        const existing = this.requestHandlers.get(target.key);
        if (existing && existing !== handler) {
          throw new FrameworkError(
            'duplicateHandler',
            `${target.key.name} already has the handler ${existing.name}; ${handler.name} cannot handle it too`,
          );
        }
        this.requestHandlers.set(target.key, handler);
      } else if (target.kind === 'notification') {
        addUnique(this.notificationHandlers, target.key, handler);
      } else {
        for (const type of target.keys) {
          const existing = this.integrationHandlers.get(type);
          if (existing && existing !== handler) {
            throw new FrameworkError(
              'duplicateHandler',
              `CloudEvent type ${type} already has the handler ${existing.name}; ${handler.name} cannot handle it too`,
            );
          }
          this.integrationHandlers.set(type, handler);
        }
      }
    }
    return this;
  }

  /** True when a request class has a handler. */
  handles(request: RequestClass): boolean {
    return this.requestHandlers.has(request);
  }

  /** The CloudEvent types that have at least one integration handler (what a service subscribes to). */
  integrationEventTypes(): string[] {
    return [...this.integrationHandlers.keys()];
  }

  /**
   * Runs a request through the pipeline to its handler. Business failures come back as Failure values;
   * a concurrency or duplicate-key error becomes 409, an unreachable dependency 503; any other thrown error
   * is logged and becomes 500.
   */
  async execute<T>(request: Request<T>): Promise<OperationResult<T>> {
    const handlerClass = this.requestHandlers.get(request.constructor as RequestClass);
    if (!handlerClass) {
      throw new FrameworkError(
        'missingHandler',
        `no handler is registered for ${request.constructor.name}; register it with mediator.register()`,
      );
    }
    try {
      return (await this.runFrom(0, request, handlerClass)) as OperationResult<T>;
    } catch (error) {
      if (FrameworkError.is(error, 'concurrency') || FrameworkError.is(error, 'conflict')) {
        return OperationResult.conflict(error.message);
      }
      if (FrameworkError.is(error, 'unavailable')) return OperationResult.unavailable(error.message);
      this.logger?.error({ err: error, request: request.constructor.name }, 'request failed unexpectedly');
      return OperationResult.internalError();
    }
  }

  /**
   * Runs behavior `index` and, through its `next`, the rest of the pipeline, then the handler. A plain
   * method, not closures built per request (bundles keep function names, which redefines `name` on every
   * named closure), and not `async` (returning a promise from an async function costs extra ticks).
   */
  private runFrom(
    index: number,
    request: Request<unknown>,
    handlerClass: Constructor,
  ): Promise<OperationResult<unknown>> {
    const behavior = this.behaviors[index];
    if (!behavior) return (this.resolve(handlerClass) as RequestHandler<Request<unknown>>).handle(request);
    return behavior.handle(request, () => this.runFrom(index + 1, request, handlerClass));
  }

  /**
   * Calls every handler of a notification (a domain event) in registration order. All handlers run even
   * when one fails; failures are then thrown together as one AggregateError.
   */
  async publish(notification: object): Promise<void> {
    const handlers = this.handlersFor(notification);
    await this.runAll(handlers, (h) => (this.resolve(h) as NotificationHandler).handle(notification));
  }

  /**
   * Calls the handler registered for an incoming CloudEvent's type and resolves to how many handled it
   * (0 or 1); a failing handler's error is thrown.
   */
  async dispatchIntegrationEvent(event: IntegrationEvent): Promise<number> {
    const handler = this.integrationHandlers.get(event.type);
    if (!handler) return 0;
    await (this.resolve(handler) as IntegrationEventHandler).handle(event);
    return 1;
  }

  private handlersFor(notification: object): Constructor[] {
    const found: Constructor[] = [];
    for (const [key, handlers] of this.notificationHandlers) {
      if (notification instanceof (key as unknown as new () => object)) found.push(...handlers);
    }
    return found;
  }

  private async runAll(
    handlers: Constructor[],
    call: (handler: Constructor) => Promise<void>,
  ): Promise<void> {
    const errors: unknown[] = [];
    for (const handler of handlers) {
      try {
        await call(handler);
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `${errors.length} handlers failed`);
  }
}

function addUnique<K>(map: Map<K, Constructor[]>, key: K, handler: Constructor): void {
  const list = map.get(key) ?? [];
  if (!list.includes(handler)) list.push(handler);
  map.set(key, list);
}
