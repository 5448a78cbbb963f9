import { inject, injectable } from 'inversify';
import {
  KNOWN_WORKER_REPOSITORY,
  type KnownWorkerRepository,
} from '../../domain/repositories/known-worker.repository';
import { CML_LABS_PROVIDER, type CmlLabs, type CmlLabsProvider } from '../../domain/services/cml-labs';

/** A worker's CML operations with the endpoint they go to. */
export interface CmlWorker {
  readonly endpoint: string;
  readonly labs: CmlLabs;
}

/** Finds a worker's CML endpoint in the worker read model (never by asking worker-manager). */
@injectable()
export class CmlWorkers {
  constructor(
    @inject(KNOWN_WORKER_REPOSITORY) private readonly workers: KnownWorkerRepository,
    @inject(CML_LABS_PROVIDER) private readonly provider: CmlLabsProvider,
  ) {}

  /** The worker's CML, or an Error saying why it cannot be reached (unknown, not running, no endpoint). */
  async of(workerId: string): Promise<CmlWorker> {
    const worker = await this.workers.get(workerId);
    if (!worker)
      throw new Error(`worker ${workerId} is unknown to lab-manager (no io.lcm.worker event seen yet)`);
    const endpoint = worker.state.httpsEndpoint;
    if (!worker.reachable || !endpoint) {
      throw new Error(`worker ${workerId} is ${worker.state.status} without a reachable CML endpoint`);
    }
    return { endpoint, labs: this.provider.forEndpoint(endpoint) };
  }
}
