// `@lcm/neuro-core/domain`: the building blocks of a service's domain layer, and nothing that does I/O.
// Domain files import only this entry (lint rule); `entry-points.spec.ts` checks that loading it loads no
// database, queue, Redis or HTTP library.
export type { Clock } from '../core/clock';
export type { Filter, FindOptions } from '../data/repository';
export { Repository } from '../data/repository';
export { AggregateRoot } from './aggregate-root';
export { cloudEventTypeOf, cloudevent, registeredCloudEventTypes } from './cloudevent.decorator';
export { DomainEvent } from './domain-event';
export { DomainResult } from './domain-result';
