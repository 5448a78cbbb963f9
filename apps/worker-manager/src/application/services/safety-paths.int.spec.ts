import { TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { WorkerEventTypes, WorkerStatusChangedSchema } from '@lcm/contracts';
import { eventually } from '@lcm/neuro-core/testing';
import { WorkerTemplate } from '../../domain/entities/worker-template.aggregate';
import {
  WORKER_TEMPLATE_REPOSITORY,
  type WorkerTemplateRepository,
} from '../../domain/repositories/worker-template.repository';
import { aTemplate } from '../../testing/builders';
import { sessionEvent } from '../../testing/cloud-events';
import { type FleetHarness, ec2ClientFor, startFleetHarness } from '../../testing/fleet-harness';

const HOUR = 3_600_000;

describe('Safety paths of the fleet', () => {
  let fleet: FleetHarness;
  const admin = () => fleet.service.token('admin');

  beforeAll(async () => {
    fleet = await startFleetHarness({
      // instances stay shutting-down until the test moves EC2's clock; licence registrations never finish
      ec2: { durations: { pendingMs: 0, stoppingMs: 0, shuttingDownMs: HOUR } },
      cml: { licenseRegistrationDelayMs: 10 * 60_000 },
      env: { LICENSE_POLL_ATTEMPTS: '2', LICENSE_POLL_INTERVAL_MS: '20' },
    });
    const templates = fleet.service.container.get<WorkerTemplateRepository>(WORKER_TEMPLATE_REPOSITORY);
    const now = fleet.clock.now();
    await templates.add(
      WorkerTemplate.create(aTemplate({ name: 'no-ami', amiNamePattern: 'CML-9.9-*' }), now),
    );
    await templates.add(
      WorkerTemplate.create(aTemplate({ name: 'refused', instanceType: 'not a type' }), now),
    );
  });
  afterAll(async () => {
    await fleet.close();
  });

  const failureOf = (workerId: string) =>
    fleet.service
      .publishedEvents(WorkerEventTypes.statusChanged)
      .filter((e) => e.subject === workerId)
      .map((e) => WorkerStatusChangedSchema.parse(e.data))
      .find((d) => d.newStatus === 'FAILED')?.reason;

  it('fails a worker whose template matches no AMI, launching nothing', async () => {
    const { id } = await fleet.createWorker('no-ami');
    await fleet.reconcileUntil(id, 'FAILED');
    expect(failureOf(id)).toBe('NO_AMI_MATCHES: CML-9.9-*');
    expect((await fleet.ec2.instances()).filter((i) => i.tags['lcm:worker-id'] === id)).toEqual([]);
  });

  it('fails a worker whose launch EC2 refuses for good, with the refusal code', async () => {
    const { id } = await fleet.createWorker('refused');
    const failed = await fleet.reconcileUntil(id, 'FAILED');
    expect(failureOf(id)).toBe('LAUNCH_REFUSED: InvalidParameterValue');
    expect(failed).toMatchObject({ serviceStatus: 'ERROR', ec2InstanceId: null });
  });

  it('ends a licence registration CML never confirms with an error after LICENSE_POLL_ATTEMPTS polls', async () => {
    const id = await fleet.runningWithLicenceRequested();
    const ended = await eventually(
      async () => {
        const worker = await fleet.worker(id);
        return !worker.license.operationInProgress && worker;
      },
      10_000,
      'the registration given up',
    );
    expect(ended.license).toMatchObject({
      status: 'UNREGISTERED',
      pendingOperation: null,
      lastError: expect.stringContaining('registration not confirmed after 2 polls'),
    });
  });

  it('stops a draining worker at the drain timeout even with a session still on it', async () => {
    const { id } = await fleet.createWorker('small');
    await fleet.reconcileUntil(id, 'RUNNING');
    await fleet.service.receive(sessionEvent('s-stuck', id, 'RUNNING', fleet.clock.now())).expect(202);
    await fleet.service.http.post(`/api/workers/${id}/drain`).set('Authorization', admin()).expect(202);
    fleet.clock.advance(3 * HOUR);
    await fleet.reconcile();
    expect((await fleet.worker(id)).status).toBe('DRAINING');

    fleet.clock.advance(HOUR); // the template's drainTimeoutHours: 4
    const stopped = await fleet.reconcileUntil(id, 'STOPPED');
    expect(stopped.history.at(-1)).toMatchObject({
      action: 'stop',
      by: 'system:drain-timeout',
      from: 'DRAINING',
    });
  });

  it('follows an instance shutting down behind its back to TERMINATING, then TERMINATED', async () => {
    const { id } = await fleet.createWorker('small');
    const running = await fleet.reconcileUntil(id, 'RUNNING');
    const ec2 = ec2ClientFor(fleet.ec2);
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [running.ec2InstanceId as string] }));
    ec2.destroy();
    expect((await fleet.ec2.instance(running.ec2InstanceId as string))?.state).toBe('shutting-down');

    await fleet.reconcile();
    expect(await fleet.worker(id)).toMatchObject({ status: 'TERMINATING' });

    fleet.ec2.advanceTime(HOUR);
    const gone = await fleet.reconcileUntil(id, 'TERMINATED');
    expect(gone.terminatedAt).not.toBeNull();
  });
});
