import { DomainEvent, cloudevent } from '@lcm/neuro-core/domain';

/** An EC2 instance tagged as managed by LCM that no worker knows (reported once per instance). */
@cloudevent('io.lcm.worker.orphan-detected.v1')
export class WorkerOrphanDetected extends DomainEvent {
  constructor(
    occurredAt: Date,
    readonly ec2InstanceId: string,
    readonly region: string,
    readonly instanceType: string,
    readonly ec2State: string,
    readonly tags: Record<string, string>,
  ) {
    super(ec2InstanceId, occurredAt);
  }
}
