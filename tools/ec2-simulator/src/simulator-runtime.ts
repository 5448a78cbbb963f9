import type { Ec2ActionContext } from './actions/ec2-action-context';
import { CallCounter } from './control/call-counter';
import type { CallCounts } from './control/call-counts';
import { ControlRequestError } from './control/control-request-error';
import type { Fault, FaultSpec } from './control/fault';
import { FaultInjector } from './control/fault-injector';
import { HungCalls } from './control/hung-calls';
import type { ResolvedEc2SimulatorOptions } from './ec2-simulator-options';
import { AddressAllocator } from './model/address-allocator';
import { IdGenerator } from './model/id-generator';
import { ImageCatalog } from './model/image-catalog';
import { toInstanceSnapshot, type InstanceSnapshot } from './model/instance-snapshot';
import { InstanceStore } from './model/instance-store';
import type { ImpairedChecks } from './model/simulated-instance';
import { SimulationClock } from './model/simulation-clock';
import { SerialQueue } from './serial-queue';

/**
 * The simulator's state and the operations on it, shared by the EC2 endpoint, the `/_sim` control API
 * and the programmatic handle so all three see and change the same world.
 */
export class SimulatorRuntime {
  /** What EC2 actions run against. */
  readonly context: Ec2ActionContext;
  readonly faultInjector = new FaultInjector();
  readonly hungCalls = new HungCalls();
  readonly callCounter = new CallCounter();
  private readonly clock: SimulationClock;
  private readonly queue = new SerialQueue();

  constructor(options: ResolvedEc2SimulatorOptions) {
    this.clock = new SimulationClock(options.now);
    const addresses = new AddressAllocator(options.region);
    const instances = new InstanceStore({
      clock: this.clock,
      durations: options.durations,
      hooks: options.hooks,
      addresses,
      ids: new IdGenerator(),
    });
    this.context = {
      instances,
      images: new ImageCatalog(options.images, options.accountId),
      addresses,
      accountId: options.accountId,
      region: options.region,
    };
  }

  /** Runs `task` alone, after applying every lifecycle transition the simulated clock has reached. */
  exclusive<T>(task: () => T | Promise<T>): Promise<T> {
    return this.queue.run(async () => {
      await this.context.instances.settle();
      return task();
    });
  }

  /** Every visible instance, as of now. */
  instances(): Promise<InstanceSnapshot[]> {
    return this.exclusive(() => this.context.instances.all().map(toInstanceSnapshot));
  }

  /** One instance as of now, or `undefined` when unknown or gone. */
  instance(instanceId: string): Promise<InstanceSnapshot | undefined> {
    return this.exclusive(() => {
      const instance = this.context.instances.find(instanceId);
      return instance && toInstanceSnapshot(instance);
    });
  }

  /** Terminates an instance behind the manager's back; `purge` also removes it from listings at once. */
  terminateInstance(
    instanceId: string,
    options: { purge?: boolean } = {},
  ): Promise<InstanceSnapshot | undefined> {
    return this.exclusive(() => this.context.instances.terminateNow(instanceId, options.purge ?? false));
  }

  /**
   * Makes an instance's status checks fail (`impaired`) or pass again, as DescribeInstanceStatus reports
   * them; answers the instance, or `undefined` when unknown. The setting outlives stops and starts.
   */
  setStatusChecks(
    instanceId: string,
    impaired: Partial<ImpairedChecks>,
  ): Promise<InstanceSnapshot | undefined> {
    for (const value of Object.values(impaired)) {
      if (typeof value !== 'boolean') throw new ControlRequestError('status checks are set with booleans');
    }
    return this.exclusive(() => {
      const instance = this.context.instances.find(instanceId);
      if (!instance) return undefined;
      const current = instance.impairedChecks ?? { system: false, instance: false };
      instance.impairedChecks = { ...current, ...impaired };
      return toInstanceSnapshot(instance);
    });
  }

  /** Injects a fault into upcoming EC2 calls. */
  injectFault(spec: FaultSpec): Fault {
    return this.faultInjector.add(spec);
  }

  /** The faults still waiting to hit. */
  faults(): Fault[] {
    return this.faultInjector.list();
  }

  /** Drops pending faults and lets the calls a `hang` holds run. */
  clearFaults(): void {
    this.faultInjector.clear();
    this.hungCalls.releaseAll();
  }

  /** EC2 calls received since the last reset. */
  calls(): CallCounts {
    return this.callCounter.snapshot();
  }

  /** Starts counting calls from zero. */
  resetCalls(): void {
    this.callCounter.reset();
  }

  /**
   * Moves simulated time forward and answers the new simulated now. Transitions it reaches (and their
   * hooks) are applied by the next call that looks, as with any other passing of time.
   */
  advanceTime(ms: number): string {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
      throw new ControlRequestError(`cannot advance simulated time by ${ms} ms`);
    }
    this.clock.advance(ms);
    return new Date(this.clock.now()).toISOString();
  }

  /**
   * Back to the start: instances terminated (hooks run) and forgotten, images, faults, calls and time
   * reset. Hung calls are cut rather than released, so none runs against the fresh world.
   */
  reset(): Promise<void> {
    this.hungCalls.cutAll();
    return this.queue.run(async () => {
      await this.context.instances.clear();
      this.context.images.reset();
      this.context.addresses.reset();
      this.faultInjector.clear();
      this.callCounter.reset();
      this.clock.reset();
    });
  }
}
