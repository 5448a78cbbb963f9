/**
 * LCM's own services. Each sends events as the OAuth client named after it, unless a receiver's
 * EVENT_PRODUCER_CLIENTS maps it to another client id.
 */
export const lcmServices = ['worker-manager', 'lab-manager', 'session-manager'] as const;

/** An LCM service. */
export type LcmService = (typeof lcmServices)[number];

/**
 * Systems outside LCM that send it events. A receiver has no default client id for them: it accepts their
 * events only once EVENT_PRODUCER_CLIENTS names their OAuth client.
 */
export const externalProducers = ['assessment-system'] as const;

/** Who may send an event type: its only producer. The names are the keys of EVENT_PRODUCER_CLIENTS. */
export type EventProducer = LcmService | (typeof externalProducers)[number];

/**
 * Who sends or receives an event: a producer, or `any-subscriber`, whoever outside LCM subscribes to the
 * event (a training portal, a dashboard).
 */
export type EventParty = EventProducer | 'any-subscriber';
