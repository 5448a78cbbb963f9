import { eventProducers } from '@lcm/contracts';
import type { ServiceDefinition } from '@lcm/neuro-core/hosting';
import { LabRecordsController } from './api/controllers/lab-records.controller';
import { LabletDefinitionsController } from './api/controllers/lablet-definitions.controller';
import { labManagerHandlers } from './application/handlers';
import { LAB_WORK_QUEUE } from './application/services/lab-work-queue';
import { seedLabletDefinitions } from './application/services/seed-lablet-definitions';
import { type LabManagerSettings, labManagerSettings } from './application/settings';
import { randomBytes } from 'node:crypto';
import { CML_LABS_PROVIDER } from './domain/services/cml-labs';
import { SECRET_BOX } from './domain/services/secret-box';
import { TOPOLOGY_INSPECTOR } from './domain/services/topology-inspector';
import { labManagerRepositories } from './integration/repositories/lab-manager.repositories';
import { CmlClientPool } from './integration/services/cml-client-pool';
import { AesGcmSecretBox } from './integration/services/aes-gcm-secret-box';
import { CmlTopologyInspector } from './integration/services/cml-topology-inspector';
import { JobHostLabWorkQueue } from './integration/services/job-host-lab-work-queue';
import { declareLabJobs } from './integration/services/lab-jobs';

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
  configure({ container, settings, jobs, logger }) {
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
    container
      .bind(SECRET_BOX)
      .toConstantValue(
        new AesGcmSecretBox(
          settings.LAB_CREDENTIALS_KEY ?? randomBytes(32),
          settings.LAB_CREDENTIALS_PREVIOUS_KEY,
        ),
      );
    container.bind(TOPOLOGY_INSPECTOR).toConstantValue(new CmlTopologyInspector());
    container.bind(CML_LABS_PROVIDER).toConstantValue(
      new CmlClientPool({
        username: settings.CML_USERNAME,
        password: settings.CML_PASSWORD,
        verifyTls: settings.CML_VERIFY_TLS,
        timeoutMs: settings.CML_TIMEOUT_MS,
      }),
    );
    container.bind(LAB_WORK_QUEUE).toConstantValue(new JobHostLabWorkQueue(jobs));
  },
  jobs({ jobs, settings }) {
    declareLabJobs(jobs, settings);
  },
  async onStarted({ settings, mediator, logger }) {
    if (settings.LABLET_SEED_FILE) await seedLabletDefinitions(mediator, logger, settings.LABLET_SEED_FILE);
  },
  async onStopping({ container }) {
    container.get<CmlClientPool>(CML_LABS_PROVIDER).close();
  },
};
