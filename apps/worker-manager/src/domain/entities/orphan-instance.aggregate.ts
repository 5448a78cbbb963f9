import { AggregateRoot } from '@lcm/neuro-core/domain';
import { WorkerOrphanDetected } from '../events/worker-orphan-detected.event';
import type { InstanceObservation } from './worker-values';

/** An orphan instance as first reported. */
export interface OrphanInstanceState {
  region: string;
  instanceType: string;
  ec2State: string;
  /** The instance's tags as pairs: EC2 tag keys may contain `.`, which MongoDB field names should not. */
  tags: Array<{ key: string; value: string }>;
  detectedAt: string;
  /** The worker it became when adopted, else null. */
  adoptedAs: string | null;
}

/**
 * A managed-tagged EC2 instance that no worker knows, keyed by instance id: kept so the orphan is reported
 * once (not on every sweep) and so an operator can see what was found.
 */
export class OrphanInstance extends AggregateRoot<OrphanInstanceState> {
  /** A newly found orphan, with its orphan-detected event pending. */
  static detect(instance: InstanceObservation, region: string, at: Date): OrphanInstance {
    const orphan = new OrphanInstance(instance.instanceId, {
      region,
      instanceType: instance.instanceType,
      ec2State: instance.state,
      tags: Object.entries(instance.tags).map(([key, value]) => ({ key, value })),
      detectedAt: at.toISOString(),
      adoptedAs: null,
    });
    orphan.registerEvent(
      new WorkerOrphanDetected(at, instance.instanceId, region, instance.instanceType, instance.state, {
        ...instance.tags,
      }),
    );
    return orphan;
  }

  /** Builds the record back from storage. */
  static rehydrate(id: string, state: OrphanInstanceState, stateVersion: number): OrphanInstance {
    return new OrphanInstance(id, state, stateVersion);
  }

  /** Notes the worker that adopted the instance. */
  adoptedBy(workerId: string): void {
    this._state.adoptedAs = workerId;
  }
}
