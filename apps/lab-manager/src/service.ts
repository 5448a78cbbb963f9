import { eventProducers } from '@lcm/contracts';
import { METRICS, type Metrics, type ServiceContext, type ServiceDefinition } from '@lcm/neuro-core/hosting';
import { LabRecordsController } from './api/controllers/lab-records.controller';
import { LabletDefinitionsController } from './api/controllers/lablet-definitions.controller';
import { labManagerHandlers } from './application/handlers';
import { LAB_WORK_QUEUE } from './application/services/lab-work-queue';
import { seedLabletDefinitions } from './application/services/seed-lablet-definitions';
import { type LabManagerSettings, labManagerSettings } from './application/settings';
import { KNOWN_WORKER_REPOSITORY } from './domain/repositories/known-worker.repository';
import { CML_LABS_PROVIDER } from './domain/services/cml-labs';
import { labManagerRepositories } from './integration/repositories/lab-manager.repositories';
import { bindLabAdapters } from './integration/services/bind-lab-adapters';
import type { CmlClientPool } from './integration/services/cml-client-pool';
import { JobHostLabWorkQueue } from './integration/services/job-host-lab-work-queue';
import { registerLabCmlCircuitMetrics } from './integration/services/lab-cml-circuit-metrics';
import { declareLabJobs } from './integration/services/lab-jobs';

/** Binds the adapters and the BullMQ lab work queue, registers the CML circuit metrics, and says which credentials key is in use. */
function configure({ container, settings, jobs, logger }: ServiceContext<LabManagerSettings>): void {
  // Only the in-memory mode gets here without a key (the settings require one with MongoDB).
  if (!settings.LAB_CREDENTIALS_KEY) {
    logger.warn(
      "LAB_CREDENTIALS_KEY is not set (in-memory mode): session users' CML passwords are sealed with a random key that dies with this process",
    );
  }
  if (settings.LAB_CREDENTIALS_PREVIOUS_KEY) {
    logger.info(
      'LAB_CREDENTIALS_PREVIOUS_KEY is set: passwords sealed before the key rotation still open; new ones use LAB_CREDENTIALS_KEY',
    );
  }
  bindLabAdapters(container, settings);
  container.bind(LAB_WORK_QUEUE).toConstantValue(new JobHostLabWorkQueue(jobs));
  registerLabCmlCircuitMetrics(
    container.get<Metrics>(METRICS),
    container.get(KNOWN_WORKER_REPOSITORY),
    container.get<CmlClientPool>(CML_LABS_PROVIDER),
  );
}

/** Seeds the lablet definitions of LABLET_SEED_FILE, when set. */
async function onStarted({ settings, mediator, logger }: ServiceContext<LabManagerSettings>): Promise<void> {
  if (settings.LABLET_SEED_FILE) await seedLabletDefinitions(mediator, logger, settings.LABLET_SEED_FILE);
}

/** Closes the CML clients. */
async function onStopping({ container }: ServiceContext<LabManagerSettings>): Promise<void> {
  container.get<CmlClientPool>(CML_LABS_PROVIDER).close();
}

/**
 * lab-manager: owns LabletDefinitions and LabRecords, imports, starts and releases session labs on the
 * CML workers, and keeps LabRecords in step with CML (labs sync, orphans).
 */
export const labManagerService: ServiceDefinition<LabManagerSettings> = {
  name: 'lab-manager',
  title: 'LCM lab-manager',
  version: '0.1.0',
  settings: labManagerSettings,
  repositories: labManagerRepositories,
  eventProducers,
  handlers: labManagerHandlers,
  controllers: [LabletDefinitionsController, LabRecordsController],
  configure,
  jobs: ({ jobs, settings }) => declareLabJobs(jobs, settings),
  onStarted,
  onStopping,
};
