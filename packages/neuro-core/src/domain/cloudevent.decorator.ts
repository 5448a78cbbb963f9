import { FrameworkError } from '../core/framework-error';
import type { DomainEvent } from './domain-event';

type EventClass = abstract new (...args: never[]) => DomainEvent;

const TYPE = Symbol.for('lcm.cloudEventType');
const registry = new Map<string, EventClass>();
const TYPE_PATTERN = /^[a-z0-9]+(\.[a-z0-9-]+)+\.v\d+$/;

/**
 * Names the CloudEvent `type` a domain event is published as, e.g. `io.lcm.worker.created.v1`. Each
 * type belongs to exactly one class; a second class with the same type is a start-up error.
 */
export function cloudevent(type: string) {
  if (!TYPE_PATTERN.test(type)) {
    throw new FrameworkError(
      'invalidEvent',
      `"${type}" is not a CloudEvent type like io.lcm.<aggregate>.<event>.v1`,
    );
  }
  return (target: EventClass): void => {
    const existing = registry.get(type);
    if (existing && existing !== target) {
      throw new FrameworkError('invalidEvent', `CloudEvent type ${type} is already used by ${existing.name}`);
    }
    registry.set(type, target);
    Object.defineProperty(target, TYPE, { value: type, enumerable: false });
  };
}

/** The CloudEvent type of an event (or event class); throws when the class lacks `@cloudevent`. */
export function cloudEventTypeOf(event: DomainEvent | EventClass): string {
  const cls = (typeof event === 'function' ? event : event.constructor) as unknown as Record<symbol, string>;
  const type = cls[TYPE];
  if (!type) {
    const name = (cls as unknown as { name: string }).name;
    throw new FrameworkError('invalidEvent', `${name} has no @cloudevent('<type>') decorator`);
  }
  return type;
}

/** Every registered CloudEvent type with its class, for docs and contract checks. */
export function registeredCloudEventTypes(): ReadonlyMap<string, EventClass> {
  return registry;
}
