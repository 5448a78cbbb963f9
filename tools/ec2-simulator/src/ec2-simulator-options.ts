import { DEFAULT_IMAGES } from './model/default-images';
import type { InstanceHooks } from './model/instance-hooks';
import { DEFAULT_LIFECYCLE_DURATIONS, type LifecycleDurations } from './model/lifecycle-durations';
import type { SimulatedImage } from './model/simulated-image';

/** How to start a simulator; every field has a default that suits the embedded `npm start`. */
export interface Ec2SimulatorOptions extends InstanceHooks {
  /** TCP port; 0 (the default) picks a free one, which is what tests want. */
  readonly port?: number;
  /** Interface to bind; 127.0.0.1 by default so nothing outside the machine can reach it. */
  readonly host?: string;
  /** Region reported in availability zones and DNS names; the SDK's region does not need to match. */
  readonly region?: string;
  /** The simulated account id (`ownerId`, `Owners=self`). */
  readonly accountId?: string;
  /** Lifecycle durations; missing fields keep their defaults. */
  readonly durations?: Partial<LifecycleDurations>;
  /** The base clock in epoch milliseconds (default `Date.now`); pass a fixed one for deterministic tests. */
  readonly now?: () => number;
  /** The AMIs to offer instead of the seeded CML images. */
  readonly images?: readonly SimulatedImage[];
}

/** Options with every default applied. */
export type ResolvedEc2SimulatorOptions = Required<
  Omit<Ec2SimulatorOptions, keyof InstanceHooks | 'durations'>
> & {
  readonly durations: LifecycleDurations;
  readonly hooks: InstanceHooks;
};

/** Applies the defaults in one place, so the rest of the simulator never checks for missing options. */
export function resolveEc2SimulatorOptions(options: Ec2SimulatorOptions = {}): ResolvedEc2SimulatorOptions {
  return {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    region: options.region ?? 'us-east-1',
    accountId: options.accountId ?? '123456789012',
    durations: { ...DEFAULT_LIFECYCLE_DURATIONS, ...options.durations },
    now: options.now ?? Date.now,
    images: options.images ?? DEFAULT_IMAGES,
    hooks: {
      onInstanceRunning: options.onInstanceRunning,
      onInstanceStopped: options.onInstanceStopped,
      onInstanceTerminated: options.onInstanceTerminated,
    },
  };
}
