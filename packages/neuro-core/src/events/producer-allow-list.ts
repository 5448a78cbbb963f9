import { FrameworkError } from '../core/framework-error';
import type { EventProducers } from './event-producers';

/** Whether a client may send an event type, and if not, why (a sentence for the 403 and the log). */
export type ProducerCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

const allowed: ProducerCheck = { ok: true };

/**
 * The producer allow-list of `POST /events`: each event type is accepted only from the OAuth client of
 * the producer the catalog names for it. A service producer sends as the client named after it unless
 * EVENT_PRODUCER_CLIENTS maps it to another id; an outside producer has no client until it is mapped.
 * A type the catalog does not list is accepted from no one.
 */
export class ProducerAllowList {
  private readonly clients: ReadonlyMap<string, string>;

  /**
   * @param producers the catalog; without one, no event type is accepted.
   * @param configured EVENT_PRODUCER_CLIENTS: producer name to client id; a name the catalog does not know
   *   is a start-up error (a typo would otherwise leave the producer refused, or on its default client).
   */
  constructor(
    private readonly producers: EventProducers | undefined,
    configured: ReadonlyMap<string, string> = new Map(),
  ) {
    const services = producers?.services ?? [];
    const known = [...services, ...(producers?.external ?? [])];
    const unknown = [...configured.keys()].filter((producer) => !known.includes(producer));
    if (unknown.length > 0) {
      throw new FrameworkError(
        'invalidSettings',
        `invalid setting EVENT_PRODUCER_CLIENTS: ${unknown.join(', ')} produces no event of the catalog ` +
          `(producers: ${known.join(', ') || 'none'})`,
      );
    }
    this.clients = new Map([
      ...services.map((service): [string, string] => [service, service]),
      ...configured,
    ]);
  }

  /** The producer the catalog names for a type; undefined when the type is not in the catalog. */
  producerOf(type: string): string | undefined {
    return this.producers?.producerOf(type);
  }

  /** The OAuth client id the producer's events must come from; undefined for an unmapped outside producer. */
  clientOf(producer: string): string | undefined {
    return this.clients.get(producer);
  }

  /** Whether `client` may send events of `type`. */
  check(type: string, client: string): ProducerCheck {
    const producer = this.producerOf(type);
    if (producer === undefined) return notInCatalog(type);
    const expected = this.clientOf(producer);
    if (client === expected) return allowed;
    const unmapped =
      expected === undefined ? `, and EVENT_PRODUCER_CLIENTS names no client for ${producer}` : '';
    return {
      ok: false,
      reason: `client ${client} may not send ${type}: only its producer ${producer} may${unmapped}`,
    };
  }

  /**
   * Whether a trusted relay may pass on events of `type`: any type of the catalog, since the relay's own
   * ingress authenticated the producer.
   */
  checkRelayed(type: string): ProducerCheck {
    return this.producerOf(type) === undefined ? notInCatalog(type) : allowed;
  }
}

function notInCatalog(type: string): ProducerCheck {
  return { ok: false, reason: `event type ${type} is not in the event catalog; no client may send it` };
}
