import { CapacityEventTypes, SessionEventTypes } from '@lcm/contracts';
import {
  SESSION_ACTIVITY_REPOSITORY,
  type SessionActivityRepository,
} from '../../domain/repositories/session-activity.repository';
import { mediatorFixture } from '../../testing/mediator-fixture';

function sessionEvent(status: string, time?: string) {
  return {
    id: `e-${status}`,
    source: '/session-manager',
    type: `io.lcm.session.${status.toLowerCase()}.v1`,
    time,
    data: {
      sessionId: 's-1',
      ownerId: 'student-1',
      status,
      definitionId: 'def-1',
      definitionName: 'ccna-lab',
      definitionVersion: '1.0.0',
      timeslotStart: '2026-03-02T09:00:00.000Z',
      timeslotEnd: '2026-03-02T10:00:00.000Z',
      workerId: 'w-1',
      labRecordId: null,
      allocatedPorts: null,
      reason: null,
    },
  };
}

describe('WorkerManagerInboundEvents', () => {
  it('subscribes to capacity requests and every session event type', () => {
    const { mediator } = mediatorFixture();
    expect(mediator.integrationEventTypes().sort()).toEqual(
      [CapacityEventTypes.requested, ...Object.values(SessionEventTypes)].sort(),
    );
  });

  it('records a session event in the session read model, at the time the sender gave', async () => {
    const { mediator, repository } = mediatorFixture();
    await mediator.dispatchIntegrationEvent(sessionEvent('RUNNING', '2026-03-02T08:59:00.000Z'));
    const session = await repository<SessionActivityRepository>(SESSION_ACTIVITY_REPOSITORY).get('s-1');
    expect(session?.state).toEqual({
      workerId: 'w-1',
      status: 'RUNNING',
      observedAt: '2026-03-02T08:59:00.000Z',
    });
  });

  it('dates a session event without time by the clock, so a later one without time still applies', async () => {
    const { mediator, repository, clock } = mediatorFixture();
    await mediator.dispatchIntegrationEvent(sessionEvent('RUNNING'));
    clock.advance(60_000);
    await mediator.dispatchIntegrationEvent(sessionEvent('STOPPING'));
    const session = await repository<SessionActivityRepository>(SESSION_ACTIVITY_REPOSITORY).get('s-1');
    expect(session?.state).toMatchObject({ status: 'STOPPING', observedAt: '2026-03-02T09:01:00.000Z' });
  });

  it('acknowledges a session event whose data breaks the contract, recording nothing', async () => {
    const { mediator, repository } = mediatorFixture();
    const bad = sessionEvent('RUNNING');
    await expect(
      mediator.dispatchIntegrationEvent({ ...bad, data: { ...bad.data, status: 'DANCING' } }),
    ).resolves.toBe(1);
    expect(await repository<SessionActivityRepository>(SESSION_ACTIVITY_REPOSITORY).count()).toBe(0);
  });
});
