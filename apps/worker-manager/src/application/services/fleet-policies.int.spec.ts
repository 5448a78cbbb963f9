import { SessionEventTypes, eventCatalog, WorkerEventTypes, WorkerStatusChangedSchema } from '@lcm/contracts';
import type { z } from 'zod';
import { sessionEvent } from '../../testing/cloud-events';
import { type FleetHarness, startFleetHarness } from '../../testing/fleet-harness';

const MINUTE = 60_000;

describe('Fleet policies', () => {
  let fleet: FleetHarness;
  const admin = () => fleet.service.token('admin');
  const reasonsOf = (workerId: string) =>
    fleet.service
      .publishedEvents(WorkerEventTypes.statusChanged)
      .filter((e) => e.subject === workerId)
      .map((e) => WorkerStatusChangedSchema.parse(e.data))
      .map((d) => `${d.newStatus}:${d.reason}`);

  beforeAll(async () => {
    fleet = await startFleetHarness({ env: { IDLE_TIMEOUT_MINUTES: '60' } });
  });
  afterAll(async () => {
    await fleet.close();
  });

  describe('idle auto-stop', () => {
    it('stops an idle worker with reason IDLE_TIMEOUT after the idle timeout, and leaves a busy one running', async () => {
      const idle = await fleet.createWorker('small');
      const busy = await fleet.createWorker('small');
      await fleet.reconcileUntil(idle.id, 'RUNNING');
      await fleet.reconcileUntil(busy.id, 'RUNNING');
      expect(
        (await fleet.service.receive(sessionEvent('s-busy', busy.id, 'RUNNING', fleet.clock.now()))).status,
      ).toBe(202);

      fleet.clock.advance(59 * MINUTE);
      await fleet.reconcile();
      expect((await fleet.worker(idle.id)).status).toBe('RUNNING');
      const status = await fleet.service.http
        .get(`/api/workers/${idle.id}/idle-status`)
        .set('Authorization', fleet.service.token('user'));
      expect(status.body).toMatchObject({
        isIdle: true,
        idleMinutes: 59,
        idleThresholdMinutes: 60,
        inSnoozePeriod: true,
        eligibleForStop: false,
      });

      fleet.clock.advance(2 * MINUTE);
      await fleet.reconcile();
      const stopped = await fleet.reconcileUntil(idle.id, 'STOPPED');
      expect(stopped.autoStopCount).toBe(1);
      expect(stopped.history.at(-1)).toEqual({
        at: fleet.clock.now().toISOString(),
        action: 'stop',
        by: 'system:idle-timeout',
        from: 'RUNNING',
        to: 'STOPPED',
      });
      expect(reasonsOf(idle.id).slice(-2)).toEqual(['STOPPING:IDLE_TIMEOUT', 'STOPPED:IDLE_TIMEOUT']);
      expect((await fleet.worker(busy.id)).status).toBe('RUNNING');
    });

    it('does not stop a worker whose idle detection is off', async () => {
      const { id } = await fleet.createWorker('small');
      await fleet.reconcileUntil(id, 'RUNNING');
      await fleet.service.http
        .patch(`/api/workers/${id}`)
        .set('Authorization', admin())
        .send({ idleDetectionEnabled: false })
        .expect(200);
      fleet.clock.advance(120 * MINUTE);
      await fleet.reconcile();
      expect((await fleet.worker(id)).status).toBe('RUNNING');
      await fleet.service.http.delete(`/api/workers/${id}`).set('Authorization', admin()).expect(202);
      await fleet.reconcileUntil(id, 'TERMINATED');
    });
  });

  describe('drain', () => {
    it('moves a DRAINING worker to STOPPING only after its last session ended', async () => {
      const { id } = await fleet.createWorker('small');
      await fleet.reconcileUntil(id, 'RUNNING');
      const t = fleet.clock.now();
      await fleet.service.receive(sessionEvent('s-1', id, 'RUNNING', t));
      await fleet.service.receive(sessionEvent('s-2', id, 'READY', t));
      const draining = await fleet.service.http
        .post(`/api/workers/${id}/drain`)
        .set('Authorization', admin());
      expect(draining.status).toBe(202);
      expect(draining.body.status).toBe('DRAINING');
      expect(fleet.service.publishedEvents(WorkerEventTypes.draining).some((e) => e.subject === id)).toBe(
        true,
      );

      await fleet.service.receive(sessionEvent('s-1', id, 'STOPPED', new Date(t.getTime() + 1000)));
      await fleet.reconcile();
      expect((await fleet.worker(id)).status).toBe('DRAINING');

      await fleet.service.receive(sessionEvent('s-2', id, 'STOPPING', new Date(t.getTime() + 2000)));
      await fleet.reconcile();
      expect((await fleet.worker(id)).status).toBe('DRAINING');

      await fleet.service.receive(sessionEvent('s-2', id, 'STOPPED', new Date(t.getTime() + 3000)));
      const stopped = await fleet.reconcileUntil(id, 'STOPPED');
      expect(reasonsOf(id).slice(-2)).toEqual(['STOPPING:DRAIN_COMPLETE', 'STOPPED:DRAIN_COMPLETE']);
      expect(stopped.history.slice(-2).map((h) => `${h.action} by ${h.by}`)).toEqual([
        'drain by user-1',
        'stop by system:drain-complete',
      ]);
    });

    it('answers cancel-drain on a worker that is not draining with 409, and cancels a drain back to RUNNING', async () => {
      const { id } = await fleet.createWorker('small');
      await fleet.reconcileUntil(id, 'RUNNING');
      const refused = await fleet.service.http
        .post(`/api/workers/${id}/cancel-drain`)
        .set('Authorization', admin());
      expect(refused.status).toBe(409);
      expect(refused.body.detail).toBe(`worker ${id} is RUNNING; cancel-drain is not allowed`);
      await fleet.service.receive(sessionEvent('s-3', id, 'RUNNING', fleet.clock.now()));
      await fleet.service.http.post(`/api/workers/${id}/drain`).set('Authorization', admin()).expect(202);
      const back = await fleet.service.http
        .post(`/api/workers/${id}/cancel-drain`)
        .set('Authorization', admin());
      expect(back.status).toBe(202);
      expect(back.body.status).toBe('RUNNING');
      await fleet.service.http.delete(`/api/workers/${id}`).set('Authorization', admin()).expect(202);
      await fleet.reconcileUntil(id, 'TERMINATED');
    });

    it('ignores a session event with bad data instead of failing its delivery forever', async () => {
      const answer = await fleet.service.receive({
        type: SessionEventTypes.running,
        data: { sessionId: 42 },
      });
      expect(answer.status).toBe(202);
    });
  });

  it('published only contract event types, each with data exactly in the contract shape', () => {
    const events = fleet.service.publishedEvents();
    expect(events.length).toBeGreaterThan(10);
    for (const event of events) {
      const contract = eventCatalog.find((c) => c.type === event.type);
      expect(contract?.producer).toBe('worker-manager');
      const schema = contract!.data as z.ZodObject;
      const parsed = schema.strict().safeParse(event.data);
      expect({ type: event.type, issues: parsed.error?.issues ?? [] }).toEqual({
        type: event.type,
        issues: [],
      });
      expect(event.source).toBe('/worker-manager');
    }
  });
});
