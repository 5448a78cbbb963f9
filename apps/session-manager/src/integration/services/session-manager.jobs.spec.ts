import type { JobHost } from '@lcm/neuro-core/hosting';
import { PlaceSessionsCommand } from '../../application/commands/place-sessions.command';
import { sessionManagerSettings } from '../../application/settings';
import { JobHostPlacementTrigger } from './job-host-placement-trigger';
import { SESSION_MANAGER_JOBS, declareSessionManagerJobs } from './session-manager.jobs';

/** A JobHost that keeps what is declared and queued, to check what each job would send the mediator. */
function recordingJobs() {
  const builders = new Map<string, (data: unknown) => unknown>();
  const queued: { name: string; data: unknown }[] = [];
  const host = {
    schedule(name: string, _when: unknown, build: (data: unknown) => unknown) {
      builders.set(name, build);
      return host;
    },
    define(name: string, build: (data: unknown) => unknown) {
      builders.set(name, build);
      return host;
    },
    async enqueue(name: string, data: unknown) {
      queued.push({ name, data });
      return name;
    },
  };
  return { jobs: host as unknown as JobHost, builders, queued };
}

describe('session-manager jobs', () => {
  it('carries the reason a placement was asked for into the run it queues', async () => {
    const { jobs, builders, queued } = recordingJobs();
    declareSessionManagerJobs(jobs, sessionManagerSettings.parse({}));

    await new JobHostPlacementTrigger(jobs).requestPlacement('worker w-1 is RUNNING');

    expect(queued).toEqual([
      { name: SESSION_MANAGER_JOBS.placementNow, data: { reason: 'worker w-1 is RUNNING' } },
    ]);
    const run = builders.get(SESSION_MANAGER_JOBS.placementNow)?.(queued[0].data);
    expect(run).toEqual(new PlaceSessionsCommand('worker w-1 is RUNNING'));
    expect(builders.get(SESSION_MANAGER_JOBS.placementLoop)?.(undefined)).toEqual(
      new PlaceSessionsCommand('periodic placement loop'),
    );
  });
});
