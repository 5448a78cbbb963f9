/**
 * Who may send which CloudEvent type, as the system's event catalog says. neuro-core knows no catalog:
 * each service passes its own in its ServiceDefinition (LCM's is `eventProducers` of @lcm/contracts).
 */
export interface EventProducers {
  /** The one producer of an event type; undefined when the type is not in the catalog. */
  producerOf(type: string): string | undefined;
  /** Producers that are services of this system: each sends as the OAuth client named after it by default. */
  readonly services: readonly string[];
  /** Producers outside the system: trusted only once EVENT_PRODUCER_CLIENTS names their OAuth client. */
  readonly external: readonly string[];
}
