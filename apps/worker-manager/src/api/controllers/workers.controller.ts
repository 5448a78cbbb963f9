import { ControllerBase, type RouteContext, del, get, patch, post, put, roles } from '@lcm/neuro-core';
import { z } from 'zod';
import { CancelDrainWorkerCommand } from '../../application/commands/cancel-drain-worker.command';
import { CreateWorkerCommand } from '../../application/commands/create-worker.command';
import { DeregisterLicenseCommand } from '../../application/commands/deregister-license.command';
import { DrainWorkerCommand } from '../../application/commands/drain-worker.command';
import { ImportWorkerCommand } from '../../application/commands/import-worker.command';
import { REFRESH_INTERVAL_MS, RefreshWorkerCommand } from '../../application/commands/refresh-worker.command';
import { RegisterLicenseCommand } from '../../application/commands/register-license.command';
import { StartWorkerCommand } from '../../application/commands/start-worker.command';
import { StopWorkerCommand } from '../../application/commands/stop-worker.command';
import { TerminateWorkerCommand } from '../../application/commands/terminate-worker.command';
import { UpdateWorkerCommand, WorkerTagsSchema } from '../../application/commands/update-worker.command';
import { GetWorkerIdleStatusQuery } from '../../application/queries/get-worker-idle-status.query';
import { GetWorkerQuery } from '../../application/queries/get-worker.query';
import { GetWorkersQuery } from '../../application/queries/get-workers.query';
import { WorkerDtoSchema } from '../../application/dtos/worker.dto';
import { WORKER_STATUSES, type WorkerStatus } from '../../domain/entities/worker-values';
import { withRetryAfter } from './with-retry-after';

const byId = { params: z.object({ id: z.string().min(1) }), response: WorkerDtoSchema } as const;
const action = (summary: string) => ({ ...byId, status: 202, summary }) as const;
const list = {
  query: z.object({
    status: z.enum(WORKER_STATUSES as [WorkerStatus, ...WorkerStatus[]]).optional(),
    region: z.string().min(1).optional(),
    templateName: z.string().min(1).optional(),
  }),
  response: z.array(WorkerDtoSchema),
  summary: 'List workers',
} as const;
const create = {
  body: z
    .object({
      templateName: z.string().min(1),
      name: z.string().min(1).max(128).optional(),
      region: z.string().min(1).optional(),
    })
    .strict(),
  response: WorkerDtoSchema,
  status: 201,
  summary: 'Create a worker from a template (PENDING; the reconciler launches it)',
} as const;
const importing = {
  body: z
    .object({
      ec2InstanceId: z.string().regex(/^i-[0-9a-z]+$/, 'an EC2 instance id such as i-0123456789abcdef0'),
    })
    .strict(),
  response: WorkerDtoSchema,
  status: 201,
  summary: 'Adopt an existing EC2 instance as a worker',
} as const;
const start = action('Start a worker (a RUNNING one is left as it is)');
const stop = action('Stop a worker (a STOPPED one is left as it is)');
const drain = action('Drain a RUNNING worker: no new sessions, stop after the last one');
const cancelDrain = action('Take a DRAINING worker back to RUNNING');
const refresh = action(
  `Reconcile a worker now (once per ${REFRESH_INTERVAL_MS / 1000} s per worker; sooner is 429 rate_limited with Retry-After)`,
);
const terminate = action('Terminate a worker (soft delete; licence deregistered first)');
const change = {
  ...byId,
  body: z
    .object({
      tags: WorkerTagsSchema.optional(),
      idleDetectionEnabled: z.boolean().optional(),
    })
    .strict(),
  summary: "Change a worker's tags or idle detection",
} as const;
const license = {
  ...action('Register the CML licence (RUNNING only); polled in the background'),
  body: z.object({ token: z.string().min(1).max(4096) }).strict(),
} as const;
const unlicense = action('Deregister the CML licence in the background');
const idle = {
  params: byId.params,
  response: z.object({
    isIdle: z.boolean(),
    idleMinutes: z.number(),
    idleThresholdMinutes: z.number(),
    inSnoozePeriod: z.boolean(),
    eligibleForStop: z.boolean(),
    lastActivityAt: z.string().nullable(),
  }),
  summary: 'Whether a worker is idle and may be auto-stopped',
} as const;

/** `/api/workers`: the CML worker fleet (roles: docs/architecture.md#roles); reads for every role, changes for admins. */
export class WorkersController extends ControllerBase {
  @get('/', list)
  @roles('user', 'manager', 'admin')
  list({ query }: RouteContext<typeof list>) {
    return this.mediator.execute(new GetWorkersQuery(query.status, query.region, query.templateName));
  }

  @get('/:id', { ...byId, summary: 'One worker' })
  @roles('user', 'manager', 'admin')
  one({ params }: RouteContext<typeof byId>) {
    return this.mediator.execute(new GetWorkerQuery(params.id));
  }

  @post('/', create)
  @roles('admin')
  create({ body, user }: RouteContext<typeof create>) {
    return this.mediator.execute(
      new CreateWorkerCommand(body.templateName, user.sub, body.name, body.region),
    );
  }

  @post('/import', importing)
  @roles('admin')
  import({ body, user }: RouteContext<typeof importing>) {
    return this.mediator.execute(new ImportWorkerCommand(body.ec2InstanceId, user.sub));
  }

  @post('/:id/start', start)
  @roles('admin')
  start({ params, user }: RouteContext<typeof start>) {
    return this.mediator.execute(new StartWorkerCommand(params.id, user.sub));
  }

  @post('/:id/stop', stop)
  @roles('admin')
  stop({ params, user }: RouteContext<typeof stop>) {
    return this.mediator.execute(new StopWorkerCommand(params.id, user.sub));
  }

  @post('/:id/drain', drain)
  @roles('admin')
  drain({ params, user }: RouteContext<typeof drain>) {
    return this.mediator.execute(new DrainWorkerCommand(params.id, user.sub));
  }

  @post('/:id/cancel-drain', cancelDrain)
  @roles('admin')
  cancelDrain({ params, user }: RouteContext<typeof cancelDrain>) {
    return this.mediator.execute(new CancelDrainWorkerCommand(params.id, user.sub));
  }

  @post('/:id/refresh', refresh)
  @roles('user', 'manager', 'admin')
  async refresh({ params }: RouteContext<typeof refresh>) {
    return withRetryAfter(await this.mediator.execute(new RefreshWorkerCommand(params.id)));
  }

  @del('/:id', terminate)
  @roles('admin')
  terminate({ params, user }: RouteContext<typeof terminate>) {
    return this.mediator.execute(new TerminateWorkerCommand(params.id, user.sub));
  }

  @patch('/:id', change)
  @roles('admin')
  change({ params, body, user }: RouteContext<typeof change>) {
    return this.mediator.execute(
      new UpdateWorkerCommand(params.id, user.sub, body.tags, body.idleDetectionEnabled),
    );
  }

  @put('/:id/license', license)
  @roles('admin')
  registerLicense({ params, body, user }: RouteContext<typeof license>) {
    return this.mediator.execute(new RegisterLicenseCommand(params.id, body.token, user.sub));
  }

  @del('/:id/license', unlicense)
  @roles('admin')
  deregisterLicense({ params, user }: RouteContext<typeof unlicense>) {
    return this.mediator.execute(new DeregisterLicenseCommand(params.id, user.sub));
  }

  @get('/:id/idle-status', idle)
  @roles('user', 'manager', 'admin')
  idleStatus({ params }: RouteContext<typeof idle>) {
    return this.mediator.execute(new GetWorkerIdleStatusQuery(params.id));
  }
}
