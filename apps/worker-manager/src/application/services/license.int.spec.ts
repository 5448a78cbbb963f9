import { WorkerEventTypes } from '@lcm/contracts';
import type { WorkerDto } from '../dtos/worker.dto';
import { type FleetHarness, settle, startFleetHarness } from '../../testing/fleet-harness';

const TOKEN = 'smart-licensing-token-do-not-leak';

describe('Licensing of a worker', () => {
  let fleet: FleetHarness;
  const admin = () => fleet.service.token('admin');

  /** Reads the worker until `done` says so (the background jobs run on the real Redis), at most ~5 s. */
  async function until(workerId: string, done: (w: WorkerDto) => boolean): Promise<WorkerDto> {
    for (let n = 0; n < 50; n++) {
      const worker = await fleet.worker(workerId);
      if (done(worker)) return worker;
      await settle(100);
    }
    throw new Error(`worker ${workerId} never reached the expected licence state`);
  }

  beforeAll(async () => {
    fleet = await startFleetHarness({ cml: { licenseRegistrationDelayMs: 200 } });
  });
  afterAll(async () => {
    await fleet.close();
  });

  it('answers register with 202, polls CML in the background and ends REGISTERED', async () => {
    const { id } = await fleet.createWorker('small');
    await fleet.reconcileUntil(id, 'RUNNING');
    const answer = await fleet.service.http
      .put(`/api/workers/${id}/license`)
      .set('Authorization', admin())
      .send({ token: TOKEN });
    expect(answer.status).toBe(202);
    expect(answer.body.license).toEqual({
      status: 'UNREGISTERED',
      operationInProgress: true,
      pendingOperation: 'REGISTER',
      lastError: null,
    });
    const registered = await until(id, (w) => !w.license.operationInProgress);
    expect(registered.license).toEqual({
      status: 'REGISTERED',
      operationInProgress: false,
      pendingOperation: null,
      lastError: null,
    });
    expect(JSON.stringify(fleet.service.publishedEvents())).not.toContain(TOKEN);
    expect(JSON.stringify(registered)).not.toContain(TOKEN);
  });

  it('counts CML answering 202 to a deregistration as done', async () => {
    const [worker] = (
      await fleet.service.http.get('/api/workers?status=RUNNING').set('Authorization', admin())
    ).body as WorkerDto[];
    const answer = await fleet.service.http
      .delete(`/api/workers/${worker!.id}/license`)
      .set('Authorization', admin());
    expect(answer.status).toBe(202);
    const done = await until(worker!.id, (w) => !w.license.operationInProgress);
    expect(done.license).toEqual({
      status: 'UNREGISTERED',
      operationInProgress: false,
      pendingOperation: null,
      lastError: null,
    });
    const exchanges = fleet.cml.get(worker!.ec2InstanceId as string)!.control.exchanges();
    expect(
      exchanges.filter((e) => e.path.endsWith('/licensing/deregistration')).map((e) => e.status),
    ).toEqual([202]);
    const changes = fleet.service
      .publishedEvents(WorkerEventTypes.licenseChanged)
      .filter((e) => e.subject === worker!.id);
    expect(changes.map((e) => (e.data['license'] as { status: string }).status)).toEqual([
      'UNREGISTERED',
      'REGISTERED',
      'REGISTERED',
      'UNREGISTERED',
    ]);
  });

  it('refuses registration on a worker that is not RUNNING with 409', async () => {
    const { id } = await fleet.createWorker('small');
    const answer = await fleet.service.http
      .put(`/api/workers/${id}/license`)
      .set('Authorization', admin())
      .send({ token: TOKEN });
    expect(answer.status).toBe(409);
    // The reconciler may already have moved the new worker on; whichever not-yet-RUNNING status it is in is named.
    expect(answer.body.detail).toMatch(
      new RegExp(`^worker ${id} is (PENDING|PROVISIONING|STARTING); licence registration is not allowed$`),
    );
  });

  it('refuses a registration without a token with 400 naming the field', async () => {
    const [worker] = (
      await fleet.service.http.get('/api/workers?status=RUNNING').set('Authorization', admin())
    ).body as WorkerDto[];
    const answer = await fleet.service.http
      .put(`/api/workers/${worker!.id}/license`)
      .set('Authorization', admin())
      .send({});
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((e: { path: string }) => e.path)).toEqual(['body.token']);
  });

  it('deregisters a registered licence before terminating the worker', async () => {
    const { id } = await fleet.createWorker('small');
    const running = await fleet.reconcileUntil(id, 'RUNNING');
    await fleet.service.http
      .put(`/api/workers/${id}/license`)
      .set('Authorization', admin())
      .send({ token: TOKEN })
      .expect(202);
    await until(id, (w) => w.license.status === 'REGISTERED');
    const cml = fleet.cml.get(running.ec2InstanceId as string)!;
    await fleet.service.http.delete(`/api/workers/${id}`).set('Authorization', admin()).expect(202);
    const gone = await fleet.reconcileUntil(id, 'TERMINATED');
    expect(gone.license.status).toBe('UNREGISTERED');
    expect(cml.control.exchanges().some((e) => e.path.endsWith('/licensing/deregistration'))).toBe(true);
  });
});
