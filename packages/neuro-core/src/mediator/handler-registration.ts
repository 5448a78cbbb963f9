import { injectFromHierarchy, injectable } from 'inversify';
import { FrameworkError } from '../core/framework-error';
import type { RequestClass } from './request';

/** A class the container can build (its constructor parameters carry explicit `@inject` tokens). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- constructor parameters are whatever the container injects
export type Constructor<T = unknown> = new (...args: any[]) => T;

/** Any class, including abstract ones (notification keys may be abstract bases). */
export type AnyClass = abstract new (...args: never[]) => unknown;

/** What a handler class handles, attached by its decorator as a static property (survives bundling and minifying). */
export type HandlerTarget =
  | { readonly kind: 'request'; readonly key: RequestClass }
  | { readonly kind: 'notification'; readonly key: AnyClass }
  | { readonly kind: 'integration'; readonly keys: readonly string[] };

const HANDLES = Symbol.for('lcm.handles');

function mark(target: HandlerTarget) {
  return (handler: Constructor): void => {
    Object.defineProperty(handler, HANDLES, { value: target, enumerable: false });
    injectable()(handler);
    // Command and query handlers get `clock` and `logger` from RequestHandler's properties: inversify
    // does not look at base classes unless told to.
    if (target.kind === 'request') {
      injectFromHierarchy({ extendConstructorArguments: false, extendProperties: true })(handler as never);
    }
  };
}

/** Marks the handler of a command; the mediator sends each command of that class to it. */
export function commandHandler(command: RequestClass) {
  return mark({ kind: 'request', key: command });
}

/** Marks the handler of a query. */
export function queryHandler(query: RequestClass) {
  return mark({ kind: 'request', key: query });
}

/** Marks one of possibly many handlers of an in-process notification (e.g. a domain event class). */
export function domainEventHandler(event: AnyClass) {
  return mark({ kind: 'notification', key: event });
}

/**
 * Marks the handler of incoming CloudEvents of the given `type`s from another service. Each type has one
 * handler per service: a type listed twice here, or claimed by a second class, is a start-up error naming it.
 */
export function integrationEventHandler(...types: string[]) {
  if (types.length === 0) {
    throw new FrameworkError('invalidEvent', '@integrationEventHandler needs at least one CloudEvent type');
  }
  const repeated = types.find((type, index) => types.indexOf(type) !== index);
  if (repeated !== undefined) {
    throw new FrameworkError('duplicateHandler', `@integrationEventHandler lists ${repeated} twice`);
  }
  return mark({ kind: 'integration', keys: [...types] });
}

/** What a handler class was marked with, or undefined when it carries no handler decorator. */
export function handlerTargetOf(handler: Constructor): HandlerTarget | undefined {
  return (handler as unknown as Record<symbol, HandlerTarget | undefined>)[HANDLES];
}
