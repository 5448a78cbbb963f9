import { Ec2Error } from '../protocol/ec2-error';
import type { AddressAllocator } from './address-allocator';
import { dueTransition } from './due-transition';
import type { IdGenerator } from './id-generator';
import type { InstanceHooks } from './instance-hooks';
import { toInstanceSnapshot, type InstanceSnapshot } from './instance-snapshot';
import type { InstanceStateName } from './instance-state';
import type { LaunchRequest } from './launch-request';
import type { LifecycleDurations } from './lifecycle-durations';
import { SIM_ENDPOINT_TAG } from './sim-endpoint-tag';
import type { SimulatedInstance } from './simulated-instance';
import type { SimulationClock } from './simulation-clock';
import type { StateChange } from './state-change';

/** What the store needs from the simulator around it. */
export interface InstanceStoreDeps {
  readonly clock: SimulationClock;
  readonly durations: LifecycleDurations;
  readonly hooks: InstanceHooks;
  readonly addresses: AddressAllocator;
  readonly ids: IdGenerator;
}

const INSTANCE_ID = /^i-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;

/** The states a request moves an instance out of, those in which it is already satisfied, and its verb. */
interface RequestRule {
  readonly from: readonly InstanceStateName[];
  readonly to: InstanceStateName;
  readonly satisfied: readonly InstanceStateName[];
  readonly verb: string;
}

const REQUEST_RULES: Readonly<Record<'start' | 'stop' | 'terminate', RequestRule>> = {
  start: { from: ['stopped'], to: 'pending', satisfied: ['pending', 'running'], verb: 'started' },
  stop: { from: ['running'], to: 'stopping', satisfied: ['stopping', 'stopped'], verb: 'stopped' },
  terminate: {
    from: ['pending', 'running', 'stopping', 'stopped'],
    to: 'shutting-down',
    satisfied: ['shutting-down', 'terminated'],
    verb: 'terminated',
  },
};

/**
 * All instances, their lifecycle and their idempotency tokens. Callers run `settle()` before reading or
 * changing anything, which applies every transition the clock has reached (and the hooks around them);
 * requests themselves only record the new state and when it began.
 */
export class InstanceStore {
  private readonly instances = new Map<string, SimulatedInstance>();
  private readonly clientTokens = new Map<string, { fingerprint: string; instanceIds: readonly string[] }>();
  private seq = 0;

  constructor(private readonly deps: InstanceStoreDeps) {}

  /** Every visible instance in launch order. */
  all(): SimulatedInstance[] {
    return [...this.instances.values()];
  }

  /** One instance, or `undefined` when unknown or already gone. */
  find(instanceId: string): SimulatedInstance | undefined {
    return this.instances.get(instanceId);
  }

  /** The named instances in launch order; fails like EC2 on a malformed or unknown id, naming all of them. */
  require(instanceIds: readonly string[]): SimulatedInstance[] {
    const malformed = instanceIds.find((id) => !INSTANCE_ID.test(id));
    if (malformed !== undefined)
      throw new Ec2Error('InvalidInstanceID.Malformed', `Invalid id: "${malformed}"`);
    const missing = instanceIds.filter((id) => !this.instances.has(id));
    if (missing.length > 0) throw Ec2Error.instanceNotFound([...new Set(missing)]);
    const wanted = new Set(instanceIds);
    return this.all().filter((instance) => wanted.has(instance.instanceId));
  }

  /**
   * Launches instances in `pending`. A known client token returns the instances it launched before
   * instead of new ones; the same token with different parameters is refused, as on AWS.
   */
  launch(request: LaunchRequest): SimulatedInstance[] {
    if (request.clientToken !== undefined) {
      const previous = this.clientTokens.get(request.clientToken);
      if (previous && previous.fingerprint !== request.fingerprint) {
        throw new Ec2Error(
          'IdempotentParameterMismatch',
          `The client token '${request.clientToken}' was already used with different parameters`,
        );
      }
      const launched = previous?.instanceIds
        .map((id) => this.instances.get(id))
        .filter((i) => i !== undefined);
      if (launched && launched.length > 0) return launched;
    }
    const now = this.deps.clock.now();
    const reservationId = this.deps.ids.reservationId();
    const instances = Array.from({ length: request.count }, (_, amiLaunchIndex): SimulatedInstance => {
      const instance: SimulatedInstance = {
        instanceId: this.deps.ids.instanceId(),
        reservationId,
        seq: ++this.seq,
        imageId: request.imageId,
        instanceType: request.instanceType,
        amiLaunchIndex,
        clientToken: request.clientToken,
        launchTime: now,
        state: 'pending',
        stateSince: now,
        stateTransitionReason: '',
        privateIpAddress: this.deps.addresses.nextPrivateIp(),
        tags: new Map(request.tags),
      };
      this.instances.set(instance.instanceId, instance);
      return instance;
    });
    if (request.clientToken !== undefined) {
      this.clientTokens.set(request.clientToken, {
        fingerprint: request.fingerprint,
        instanceIds: instances.map((i) => i.instanceId),
      });
    }
    return instances;
  }

  /** StartInstances: stopped instances go `pending`; pending and running ones are left as they are. */
  start(instanceIds: readonly string[]): StateChange[] {
    return this.request('start', instanceIds);
  }

  /** StopInstances: running instances go `stopping`; stopping and stopped ones are left as they are. */
  stop(instanceIds: readonly string[]): StateChange[] {
    return this.request('stop', instanceIds);
  }

  /** TerminateInstances: live instances go `shutting-down`; already terminating ones are left as they are. */
  terminate(instanceIds: readonly string[]): StateChange[] {
    return this.request('terminate', instanceIds);
  }

  /** Applies every transition the clock has reached, in launch order, awaiting the hooks around them. */
  async settle(): Promise<void> {
    const now = this.deps.clock.now();
    for (const instance of this.all()) {
      for (let due = dueTransition(instance, now, this.deps.durations); due;) {
        if (due.to === 'gone') {
          this.instances.delete(instance.instanceId);
          break;
        }
        await this.enter(instance, due.to, due.at);
        due = dueTransition(instance, now, this.deps.durations);
      }
    }
  }

  /**
   * Terminates an instance at once, skipping `shutting-down`, as if someone killed it outside the
   * manager; with `purge` it also vanishes from listings, as after AWS's retention period.
   */
  async terminateNow(instanceId: string, purge: boolean): Promise<InstanceSnapshot | undefined> {
    const instance = this.instances.get(instanceId);
    if (!instance) return undefined;
    if (instance.state !== 'terminated') {
      instance.stateTransitionReason = `Service initiated (${gmt(this.deps.clock.now())})`;
      await this.enter(instance, 'terminated', this.deps.clock.now());
    }
    if (purge) this.instances.delete(instanceId);
    return toInstanceSnapshot(instance);
  }

  /** Terminates every live instance (hooks included, so per-instance CML simulators stop) and forgets all. */
  async clear(): Promise<void> {
    for (const instance of this.all()) {
      if (instance.state !== 'terminated') await this.enter(instance, 'terminated', this.deps.clock.now());
    }
    this.instances.clear();
    this.clientTokens.clear();
  }

  private request(kind: keyof typeof REQUEST_RULES, instanceIds: readonly string[]): StateChange[] {
    const rule = REQUEST_RULES[kind];
    const instances = this.require(instanceIds);
    const refused = instances.find((i) => !rule.from.includes(i.state) && !rule.satisfied.includes(i.state));
    if (refused) {
      throw new Ec2Error(
        'IncorrectInstanceState',
        `The instance '${refused.instanceId}' is ${refused.state} and cannot be ${rule.verb}.`,
      );
    }
    const now = this.deps.clock.now();
    return instances.map((instance) => {
      const previousState = instance.state;
      if (rule.from.includes(previousState)) {
        instance.state = rule.to;
        instance.stateSince = now;
        instance.stateTransitionReason = kind === 'start' ? '' : `User initiated (${gmt(now)})`;
      }
      return { instanceId: instance.instanceId, previousState, currentState: instance.state };
    });
  }

  /**
   * Moves an instance into `to` once the matching hook has resolved. The hook sees the instance as it is
   * about to be reported (a new public address for `running`, the endpoint being retired otherwise).
   */
  private async enter(instance: SimulatedInstance, to: InstanceStateName, at: number): Promise<void> {
    const { hooks, addresses } = this.deps;
    if (to === 'running') {
      const publicIpAddress = addresses.nextPublicIp();
      const result = await hooks.onInstanceRunning?.({
        ...toInstanceSnapshot(instance),
        state: to,
        publicIpAddress,
      });
      instance.publicIpAddress = publicIpAddress;
      if (result?.endpoint) {
        instance.endpoint = result.endpoint;
        instance.tags.set(SIM_ENDPOINT_TAG, result.endpoint);
      }
    } else if (to === 'stopped' || to === 'terminated') {
      const hook = to === 'stopped' ? hooks.onInstanceStopped : hooks.onInstanceTerminated;
      await hook?.({ ...toInstanceSnapshot(instance), state: to });
      instance.publicIpAddress = undefined;
      instance.endpoint = undefined;
      instance.tags.delete(SIM_ENDPOINT_TAG);
      if (to === 'terminated') instance.privateIpAddress = undefined;
    }
    instance.state = to;
    instance.stateSince = at;
  }
}

/** EC2's timestamp style in state transition reasons: `2026-01-01 12:00:00 GMT`. */
function gmt(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} GMT`;
}
