import { eventProducers } from '@lcm/contracts';
import { METRICS, type Metrics, type ServiceContext, type ServiceDefinition } from '@lcm/neuro-core/hosting';
import { WorkerTemplatesController } from './api/controllers/worker-templates.controller';
import { WorkersController } from './api/controllers/workers.controller';
import { ReconcileFleetCommand } from './application/commands/reconcile-fleet.command';
import { SeedWorkerTemplatesCommand } from './application/commands/seed-worker-templates.command';
import { workerManagerHandlers } from './application/handlers';
import { BACKGROUND_JOBS } from './application/services/background-jobs';
import { type WorkerManagerSettings, workerManagerSettings } from './application/settings';
import { CML_GATEWAY } from './domain/services/cml-gateway';
import { WORKER_TEMPLATE_REPOSITORY } from './domain/repositories/worker-template.repository';
import { WORKER_REPOSITORY } from './domain/repositories/worker.repository';
import { EC2_GATEWAY } from './domain/services/ec2-gateway';
import { workerManagerRepositories } from './integration/repositories/worker-manager.repositories';
import { AwsEc2Gateway } from './integration/services/aws-ec2-gateway';
import { CmlClientGateway } from './integration/services/cml-client-gateway';
import { registerCmlCircuitMetrics } from './integration/services/cml-circuit-metrics';
import { registerFleetMetrics } from './integration/services/fleet-metrics';
import { JobHostBackgroundJobs } from './integration/services/job-host-background-jobs';
import { declareWorkerManagerJobs } from './integration/services/worker-manager.jobs';
import { readWorkerTemplateFile } from './integration/services/worker-template-file';

/**
 * worker-manager: owns CmlWorker and WorkerTemplate, keeps the EC2 fleet reconciled with what operators
 * and the fleet policies want, and talks to each worker's CML for readiness, metrics and licensing.
 */
export const workerManagerService: ServiceDefinition<WorkerManagerSettings> = {
  name: 'worker-manager',
  title: 'LCM worker-manager',
  version: '0.1.0',
  settings: workerManagerSettings,
  repositories: workerManagerRepositories,
  eventProducers,
  handlers: workerManagerHandlers,
  controllers: [WorkersController, WorkerTemplatesController],
  configure,
  jobs: ({ jobs, settings }) => declareWorkerManagerJobs(jobs, settings.RECONCILE_INTERVAL_SECONDS),
  onStarted,
  onStopping,
};

/** Binds the EC2, CML and job adapters (tests rebind them in their own `configure`), the fleet and CML circuit metrics. */
function configure({ container, settings, jobs, logger }: ServiceContext<WorkerManagerSettings>): void {
  container.bind(EC2_GATEWAY).toConstantValue(
    new AwsEc2Gateway({
      region: settings.AWS_REGION,
      endpoint: settings.AWS_ENDPOINT_URL_EC2,
      simulator: settings.EC2_SIMULATOR,
      logger,
      maxAttempts: settings.EC2_MAX_ATTEMPTS,
      requestTimeoutMs: settings.EC2_REQUEST_TIMEOUT_MS,
      amiOwners: settings.EC2_AMI_OWNERS,
      managedBy: settings.EC2_MANAGED_BY,
      subnetId: settings.EC2_SUBNET_ID,
      securityGroupIds: settings.EC2_SECURITY_GROUP_IDS,
      keyName: settings.EC2_KEY_NAME,
    }),
  );
  const cml = new CmlClientGateway({
    username: settings.CML_USERNAME,
    password: settings.CML_PASSWORD,
    verifyTls: settings.CML_VERIFY_TLS,
    timeoutMs: settings.CML_TIMEOUT_MS,
  });
  container.bind(CML_GATEWAY).toConstantValue(cml);
  container.bind(BACKGROUND_JOBS).toConstantValue(new JobHostBackgroundJobs(jobs, logger));
  registerFleetMetrics(
    container.get<Metrics>(METRICS),
    container.get(WORKER_REPOSITORY),
    container.get(WORKER_TEMPLATE_REPOSITORY),
  );
  registerCmlCircuitMetrics(container.get<Metrics>(METRICS), container.get(WORKER_REPOSITORY), cml);
  logger.info(
    {
      region: settings.AWS_REGION,
      ec2Endpoint: settings.AWS_ENDPOINT_URL_EC2 ?? 'AWS',
      ec2Simulator: settings.EC2_SIMULATOR,
      reconcileSeconds: settings.RECONCILE_INTERVAL_SECONDS,
    },
    'worker-manager configured',
  );
}

/** Seeds the templates, then runs the start-up sweep before the periodic reconcile takes over. */
async function onStarted({
  mediator,
  settings,
  logger,
}: ServiceContext<WorkerManagerSettings>): Promise<void> {
  try {
    const entries = await readWorkerTemplateFile(settings.WORKER_TEMPLATES_FILE);
    const seeded = await mediator.execute(new SeedWorkerTemplatesCommand(entries));
    if (seeded.ok)
      logger.info({ file: settings.WORKER_TEMPLATES_FILE, ...seeded.value }, 'worker templates seeded');
    else
      logger.error(
        { file: settings.WORKER_TEMPLATES_FILE, status: seeded.status, detail: seeded.problem.detail },
        'worker templates could not be seeded',
      );
  } catch (error) {
    logger.error(
      { file: settings.WORKER_TEMPLATES_FILE, err: error },
      'worker templates could not be seeded',
    );
  }
  const sweep = await mediator.execute(new ReconcileFleetCommand());
  if (sweep.ok) logger.info(sweep.value, 'start-up reconcile done');
  else
    logger.warn(
      { status: sweep.status, detail: sweep.problem.detail },
      'start-up reconcile failed; the periodic one retries',
    );
}

/** Closes the EC2 and CML clients. */
async function onStopping({ container }: ServiceContext<WorkerManagerSettings>): Promise<void> {
  const ec2 = container.get<{ close?: () => void }>(EC2_GATEWAY);
  const cml = container.get<{ close?: () => void }>(CML_GATEWAY);
  ec2.close?.();
  cml.close?.();
}
