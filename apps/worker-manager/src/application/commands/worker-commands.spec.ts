import { WORKER_REPOSITORY, type WorkerRepository } from '../../domain/repositories/worker.repository';
import type { WorkerStatus } from '../../domain/entities/worker-values';
import { aWorkerIn } from '../../testing/builders';
import { mediatorFixture } from '../../testing/mediator-fixture';
import { CancelDrainWorkerCommand } from './cancel-drain-worker.command';
import { CreateWorkerCommand } from './create-worker.command';
import { DrainWorkerCommand } from './drain-worker.command';
import { StartWorkerCommand } from './start-worker.command';
import { StopWorkerCommand } from './stop-worker.command';
import { TerminateWorkerCommand } from './terminate-worker.command';
import { UpdateWorkerCommand } from './update-worker.command';
import { CreateWorkerTemplateCommand } from './create-worker-template.command';

describe('worker commands (through the mediator)', () => {
  async function given(status: WorkerStatus) {
    const fixture = mediatorFixture({ MAX_WORKERS: '2' });
    const workers = fixture.repository<WorkerRepository>(WORKER_REPOSITORY);
    const worker = aWorkerIn(status);
    await workers.add(worker);
    return { ...fixture, workers, worker };
  }

  describe('StartWorkerCommand', () => {
    it('wants a STOPPED worker running, saves once and queues one reconcile', async () => {
      const { mediator, worker, workers, jobs } = await given('STOPPED');
      const result = await mediator.execute(new StartWorkerCommand(worker.id, 'ops-1'));
      expect(result).toMatchObject({
        ok: true,
        status: 202,
        value: { status: 'STOPPED', desiredStatus: 'RUNNING', stateVersion: 2 },
      });
      expect((await workers.get(worker.id))?.stateVersion).toBe(2);
      expect(jobs.queued).toEqual([`reconcile:${worker.id}`]);
    });

    it('answers 202 for a RUNNING worker without a write or a job', async () => {
      const { mediator, worker, workers, jobs } = await given('RUNNING');
      const result = await mediator.execute(new StartWorkerCommand(worker.id, 'ops-1'));
      expect(result).toMatchObject({ ok: true, status: 202, value: { status: 'RUNNING', stateVersion: 1 } });
      expect((await workers.get(worker.id))?.stateVersion).toBe(1);
      expect(jobs.queued).toEqual([]);
    });

    it('answers 404 for an unknown worker and 400 for a missing caller', async () => {
      const { mediator } = await given('RUNNING');
      expect((await mediator.execute(new StartWorkerCommand('nope', 'ops-1'))).status).toBe(404);
      const invalid = await mediator.execute(new StartWorkerCommand('nope', ''));
      expect(invalid.status).toBe(400);
      if (!invalid.ok) expect(invalid.problem.errors?.map((e) => e.path)).toEqual(['requestedBy']);
    });
  });

  it.each([
    ['start', StartWorkerCommand],
    ['stop', StopWorkerCommand],
    ['drain', DrainWorkerCommand],
    ['cancel-drain', CancelDrainWorkerCommand],
    ['terminate', TerminateWorkerCommand],
  ])('refuses %s of a TERMINATED worker with 409 and writes nothing', async (action, CommandClass) => {
    const { mediator, worker, workers, jobs } = await given('TERMINATED');
    const result = await mediator.execute(new CommandClass(worker.id, 'ops-1'));
    expect(result.status).toBe(409);
    if (!result.ok)
      expect(result.problem.detail).toBe(`worker ${worker.id} is TERMINATED; ${action} is not allowed`);
    expect((await workers.get(worker.id))?.stateVersion).toBe(1);
    expect(jobs.queued).toEqual([]);
  });

  describe('UpdateWorkerCommand', () => {
    it('changes tags and idle detection with 200, and refuses a tag key with a dot with 400', async () => {
      const { mediator, worker } = await given('RUNNING');
      const changed = await mediator.execute(
        new UpdateWorkerCommand(worker.id, 'ops-1', { team: 'blue' }, false),
      );
      expect(changed).toMatchObject({
        ok: true,
        status: 200,
        value: { tags: { team: 'blue' }, idleDetectionEnabled: false, stateVersion: 2 },
      });
      const refused = await mediator.execute(new UpdateWorkerCommand(worker.id, 'ops-1', { 'a.b': 'x' }));
      expect(refused.status).toBe(400);
      if (!refused.ok)
        expect(refused.problem.errors?.[0]?.message).toBe('a tag key may not contain "." or start with "$"');
    });
  });

  describe('CreateWorkerCommand', () => {
    const template = {
      name: 'tiny',
      instanceType: 't3.micro',
      capacity: { cpuCores: 2, memoryGb: 1, storageGb: 20, maxNodes: 2 },
      licenseType: 'PERSONAL' as const,
      costPerHourUsd: 0.01,
      amiNamePattern: 'CML-2.9-*',
      description: '',
      region: 'us-east-1',
      enabled: true,
      drainTimeoutHours: 4,
      portRange: { start: 2000, end: 9999 },
    };

    it('creates a PENDING worker, queues its reconcile, and stops at MAX_WORKERS with 409', async () => {
      const { mediator, jobs } = mediatorFixture({ MAX_WORKERS: '2' });
      await mediator.execute(new CreateWorkerTemplateCommand(template));
      const first = await mediator.execute(new CreateWorkerCommand('tiny', 'ops-1'));
      expect(first).toMatchObject({
        ok: true,
        status: 201,
        value: { status: 'PENDING', templateName: 'tiny', createdBy: 'ops-1' },
      });
      await mediator.execute(new CreateWorkerCommand('tiny', 'ops-1'));
      const third = await mediator.execute(new CreateWorkerCommand('tiny', 'ops-1'));
      expect(third.status).toBe(409);
      if (!third.ok)
        expect(third.problem.detail).toBe('the fleet has 2 workers, MAX_WORKERS is 2; create is not allowed');
      expect(jobs.queued).toHaveLength(2);
    });

    it('answers 404 for an unknown template', async () => {
      const { mediator } = mediatorFixture();
      const result = await mediator.execute(new CreateWorkerCommand('nope', 'ops-1'));
      expect(result.status).toBe(404);
    });
  });
});
