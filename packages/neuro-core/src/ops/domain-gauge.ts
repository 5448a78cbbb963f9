import { Gauge } from 'prom-client';
import type { Metrics } from './metrics';

/** One value of a domain gauge and the labels it is reported under. */
export interface GaugeSample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/**
 * Registers on the service's `/metrics` a gauge read from the service's own state at each scrape (fleet
 * sizes, costs, waiting demand): `read` answers the samples. The gauge is emptied first, so a label set
 * that is gone (a terminated worker) stops being reported instead of keeping its last value.
 */
export function registerDomainGauge(
  metrics: Metrics,
  options: {
    readonly name: string;
    readonly help: string;
    readonly labelNames: readonly string[];
    readonly read: () => Promise<readonly GaugeSample[]>;
  },
): void {
  new Gauge({
    name: options.name,
    help: options.help,
    labelNames: [...options.labelNames],
    registers: [metrics.registry],
    async collect() {
      const samples = await options.read();
      this.reset();
      for (const sample of samples) this.set({ ...sample.labels }, sample.value);
    },
  });
}
