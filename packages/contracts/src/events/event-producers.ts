import { eventCatalog } from './event-catalog';
import { type EventProducer, externalProducers, lcmServices } from './event-party';

const producers = new Map<string, EventProducer>(
  eventCatalog.map((contract) => [contract.type, contract.producer]),
);

/** The producer the event catalog names for a type; undefined for a type that is not in the catalog. */
export function producerOf(type: string): EventProducer | undefined {
  return producers.get(type);
}

/**
 * The catalog's producers in the shape a service's `eventProducers` takes (neuro-core's ServiceDefinition),
 * so that `POST /events` accepts each type only from its producer and the catalog stays the one place
 * that says who sends what.
 */
export const eventProducers = {
  producerOf,
  services: lcmServices,
  external: externalProducers,
} as const;
