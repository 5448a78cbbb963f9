import type { OutboxEntry } from '../data/outbox';

/**
 * The data of one job on the `<service>-events` queue: the CloudEvent to deliver and the subscribers that
 * already acknowledged it, so a retry after a partial failure only goes to the ones still missing it.
 */
export interface DeliveryJob {
  readonly event: OutboxEntry;
  readonly deliveredTo: readonly string[];
}

/** Where OutboxRelay puts delivery jobs and EventDeliveryWorker takes them from; both must agree. */
export const DeliveryJob = {
  queueName: (service: string): string => `${service}-events`,
};
