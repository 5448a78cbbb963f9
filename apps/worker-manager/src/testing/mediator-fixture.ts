import { CLOCK, LOGGER, MEDIATOR, ManualClock, Mediator, SETTINGS, loadSettings } from '@lcm/neuro-core';
import { InMemoryRepository, ValidationBehavior, createLogger } from '@lcm/neuro-core/hosting';
import { Container } from 'inversify';
import type { BackgroundJobs } from '../application/services/background-jobs';
import { BACKGROUND_JOBS } from '../application/services/background-jobs';
import { workerManagerSettings } from '../application/settings';
import { workerManagerRepositories } from '../integration/repositories/worker-manager.repositories';
import { workerManagerHandlers } from '../application/handlers';

/** Background jobs that are only recorded, so a test can count what a command queued. */
export class RecordedJobs implements BackgroundJobs {
  readonly queued: string[] = [];

  async reconcileWorker(workerId: string): Promise<void> {
    this.queued.push(`reconcile:${workerId}`);
  }

  async pollLicense(workerId: string, attempt: number): Promise<void> {
    this.queued.push(`poll:${workerId}:${attempt}`);
  }

  async deregisterLicense(workerId: string): Promise<void> {
    this.queued.push(`deregister:${workerId}`);
  }
}

/**
 * worker-manager's handlers on a bare Mediator (validation only) with in-memory repositories, a manual
 * clock and recorded jobs: the application layer without HTTP, Redis or EC2.
 */
export function mediatorFixture(env: Record<string, string> = {}) {
  const container = new Container({ autobind: true, defaultScope: 'Singleton' });
  const clock = new ManualClock(new Date('2026-03-02T09:00:00Z'));
  const jobs = new RecordedJobs();
  container.bind(SETTINGS).toConstantValue(loadSettings(workerManagerSettings, env));
  container.bind(CLOCK).toConstantValue(clock);
  container.bind(LOGGER).toConstantValue(createLogger('worker-manager', { level: 'silent' }));
  container.bind(BACKGROUND_JOBS).toConstantValue(jobs);
  // A publisher is needed even though nothing listens: without one the repositories never call
  // markPersisted (neuro-core's `publisher?.saved(aggregate.markPersisted(v))` skips the argument too).
  const publisher = { saved: async () => undefined };
  for (const registration of workerManagerRepositories) {
    container.bind(registration.token).toConstantValue(
      new InMemoryRepository({
        collection: registration.collection,
        source: '/worker-manager',
        rehydrate: registration.rehydrate,
        publisher,
      }),
    );
  }
  const mediator = new Mediator(
    (handler) => container.get(handler, { autobind: true }),
    [new ValidationBehavior()],
  );
  container.bind(MEDIATOR).toConstantValue(mediator);
  mediator.register(...workerManagerHandlers);
  return { mediator, container, clock, jobs, repository: <T>(token: symbol) => container.get<T>(token) };
}
