import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { HotHistogram } from './hot-histogram';

/** DI token of the service's Metrics. */
export const METRICS = Symbol.for('lcm.Metrics');

/**
 * The Prometheus metrics every neuro-core service exposes on `/metrics`. One instance per service
 * (own registry), so tests and several in-process services never collide.
 */
export class Metrics {
  readonly registry = new Registry();

  // Observed on every request: HotHistogram, not prom-client's Histogram (see there why).
  readonly httpDuration = new HotHistogram({
    name: 'lcm_http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly mediatorDuration = new HotHistogram({
    name: 'lcm_mediator_request_duration_seconds',
    help: 'Command and query duration by request type and outcome (ok or the HTTP status)',
    labelNames: ['request', 'outcome'],
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [this.registry],
  });

  readonly outboxDepth = new Gauge({
    name: 'lcm_outbox_depth',
    help: 'Events saved in aggregate outboxes and not yet relayed, by collection',
    labelNames: ['collection'],
    registers: [this.registry],
  });

  readonly eventsDelivered = new Counter({
    name: 'lcm_events_delivered_total',
    help: 'CloudEvents delivered to a subscriber, by event type',
    labelNames: ['type'],
    registers: [this.registry],
  });

  readonly deliveryFailures = new Counter({
    name: 'lcm_event_delivery_failures_total',
    help: 'Failed CloudEvent delivery attempts, by event type; dead-lettered ones have deadLetter="true"',
    labelNames: ['type', 'deadLetter'],
    registers: [this.registry],
  });

  readonly eventsReceived = new Counter({
    name: 'lcm_events_received_total',
    help: 'Incoming CloudEvents by type and outcome (handled, duplicate, invalid, failed, unavailable, unauthorized, forbidden)',
    labelNames: ['type', 'outcome'],
    registers: [this.registry],
  });

  readonly requestsShed = new Counter({
    name: 'lcm_http_requests_shed_total',
    help: 'Requests refused with 503 because the process already handled its limit of them at once, by pool (requests, events)',
    labelNames: ['pool'],
    registers: [this.registry],
  });

  readonly deliveryLag = new Histogram({
    name: 'lcm_event_delivery_lag_seconds',
    help: 'Time from a CloudEvent happening (its `time`) to its delivery to every subscriber, by event type',
    labelNames: ['type'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300],
    registers: [this.registry],
  });

  readonly deadLetters = new Counter({
    name: 'lcm_events_dead_lettered_total',
    help: 'CloudEvents whose delivery attempts are exhausted (left in the failed set of the events queue), by type',
    labelNames: ['type'],
    registers: [this.registry],
  });

  readonly jobDuration = new Histogram({
    name: 'lcm_job_duration_seconds',
    help: 'Background job duration by job name and outcome',
    labelNames: ['job', 'outcome'],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60],
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean; service?: string } = {}) {
    if (options.service) this.registry.setDefaultLabels({ service: options.service });
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /**
   * A service's own gauge, computed when Prometheus scrapes (`collect` reads the current figures, e.g.
   * sessions by status from a repository), so it is right on every replica without bookkeeping.
   */
  gauge(
    name: string,
    help: string,
    labelNames: readonly string[],
    collect: (set: (labels: Record<string, string>, value: number) => void) => Promise<void>,
  ): void {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        await collect((labels, value) => this.set(labels, value));
      },
    });
  }

  /** A service's own histogram (e.g. how long a placement decision takes). */
  histogram(
    name: string,
    help: string,
    labelNames: readonly string[],
    buckets: readonly number[],
  ): { observe(labels: Record<string, string>, value: number): void } {
    const histogram = new Histogram({
      name,
      help,
      labelNames,
      buckets: [...buckets],
      registers: [this.registry],
    });
    return { observe: (labels, value) => histogram.observe(labels, value) };
  }
}
