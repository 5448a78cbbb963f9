import { SESSION_ACTIVITY_REPOSITORY } from '../../domain/repositories/session-activity.repository';
import type { SessionActivityRepository } from '../../domain/repositories/session-activity.repository';
import { mediatorFixture } from '../../testing/mediator-fixture';
import { RecordSessionActivityCommand } from './record-session-activity.command';

const at = (second: number) => new Date(`2026-03-02T09:00:${String(second).padStart(2, '0')}Z`);

describe('RecordSessionActivityCommand', () => {
  it('keeps the newer of two events of one session that arrive at once (on two replicas)', async () => {
    const { mediator, repository } = mediatorFixture();
    const sessions = repository<SessionActivityRepository>(SESSION_ACTIVITY_REPOSITORY);
    await mediator.execute(new RecordSessionActivityCommand('s-1', 'w-1', 'RUNNING', at(1)));

    const results = await Promise.all([
      mediator.execute(new RecordSessionActivityCommand('s-1', 'w-1', 'STOPPING', at(2))),
      mediator.execute(new RecordSessionActivityCommand('s-1', 'w-1', 'STOPPED', at(3))),
    ]);

    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect((await sessions.get('s-1'))?.state.status).toBe('STOPPED');
  });

  it('records both first events of one session that arrive at once', async () => {
    const { mediator, repository } = mediatorFixture();
    const sessions = repository<SessionActivityRepository>(SESSION_ACTIVITY_REPOSITORY);

    const results = await Promise.all([
      mediator.execute(new RecordSessionActivityCommand('s-1', null, 'PENDING', at(1))),
      mediator.execute(new RecordSessionActivityCommand('s-1', 'w-1', 'SCHEDULED', at(2))),
    ]);

    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect((await sessions.get('s-1'))?.state).toMatchObject({ status: 'SCHEDULED', workerId: 'w-1' });
  });
});
