import type { JobHost } from '@lcm/neuro-core/hosting';
import type { PlacementTrigger } from '../../application/services/placement-trigger';
import { SESSION_MANAGER_JOBS } from './session-manager.jobs';

/** The PlacementTrigger as an on-demand job on the service's BullMQ queue, run by whichever replica is free. */
export class JobHostPlacementTrigger implements PlacementTrigger {
  constructor(private readonly jobs: JobHost) {}

  async requestPlacement(reason: string): Promise<void> {
    await this.jobs.enqueue(SESSION_MANAGER_JOBS.placementNow, { reason });
  }
}
