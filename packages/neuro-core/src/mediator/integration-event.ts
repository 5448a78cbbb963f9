/**
 * A CloudEvent received from another service, as integration-event handlers see it. `data` is
 * untrusted: handlers parse it with the contract's schema.
 */
export interface IntegrationEvent<TData = unknown> {
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly subject?: string;
  readonly time?: string;
  readonly data: TData;
}

/** The shape of an integration-event handler class instance. */
export interface IntegrationEventHandler {
  handle(event: IntegrationEvent): Promise<void>;
}

/** The shape of a domain-event (notification) handler class instance. */
export interface NotificationHandler<T = unknown> {
  handle(notification: T): Promise<void>;
}
