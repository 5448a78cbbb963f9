import { CLOCK, LOGGER, MEDIATOR, ManualClock, Mediator, loadSettings } from '@lcm/neuro-core';
import {
  InMemoryRepository,
  type OutboxEntry,
  ValidationBehavior,
  createLogger,
} from '@lcm/neuro-core/hosting';
import { Container } from 'inversify';
import { labManagerHandlers } from '../application/handlers';
import { commandForLabWork } from '../application/jobs/command-for-lab-work';
import { LAB_WORK_QUEUE, type LabWork, type LabWorkQueue } from '../application/services/lab-work-queue';
import { LAB_MANAGER_SETTINGS, type LabManagerSettings, labManagerSettings } from '../application/settings';
import { CML_LABS_PROVIDER } from '../domain/services/cml-labs';
import {
  KNOWN_WORKER_REPOSITORY,
  type KnownWorkerRepository,
} from '../domain/repositories/known-worker.repository';
import {
  LAB_RECORD_REPOSITORY,
  type LabRecordRepository,
} from '../domain/repositories/lab-record.repository';
import {
  WORKER_PORT_ALLOCATION_REPOSITORY,
  type WorkerPortAllocationRepository,
} from '../domain/repositories/worker-port-allocation.repository';
import { labManagerRepositories } from '../integration/repositories/lab-manager.repositories';
import { bindLabAdapters } from '../integration/services/bind-lab-adapters';
import type { CmlClientPool } from '../integration/services/cml-client-pool';

/** lab-manager's application layer wired in memory, driven through its Mediator (no HTTP, no Redis). */
export interface LabManagerHarness {
  readonly mediator: Mediator;
  readonly container: Container;
  readonly clock: ManualClock;
  readonly settings: LabManagerSettings;
  /** The repositories a test looks into, as the handlers see them. */
  readonly records: LabRecordRepository;
  readonly knownWorkers: KnownWorkerRepository;
  readonly portLedgers: WorkerPortAllocationRepository;
  /** CloudEvents saved so far, oldest first, optionally of one type. */
  published(type?: string): OutboxEntry[];
  /** Dispatches an incoming CloudEvent to its integration handlers. */
  receive(type: string, data: unknown, time?: string): Promise<void>;
  /** Lab work queued so far, in order. */
  readonly queued: LabWork[];
  /** Waits until every queued piece of lab work (and what it queued in turn) has run. */
  drain(): Promise<void>;
  close(): void;
}

/** Runs queued lab work at once in the background, as the job host would. */
class InlineLabWorkQueue implements LabWorkQueue {
  readonly queued: LabWork[] = [];
  readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly mediator: () => Mediator,
    private readonly runJobs: boolean,
  ) {}

  async enqueue(work: LabWork): Promise<void> {
    this.queued.push(work);
    if (!this.runJobs) return;
    const run = Promise.resolve().then(() => this.mediator().execute(commandForLabWork(work)));
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
  }
}

/**
 * Builds the harness; `env` overrides settings (fast timings are the default here); with `runJobs: false`
 * queued lab work is only recorded.
 */
export function createLabManagerHarness(
  env: Record<string, string> = {},
  options: { runJobs?: boolean } = {},
): LabManagerHarness {
  const settings = loadSettings(labManagerSettings, {
    LAB_CONVERGE_POLL_MS: '20',
    LAB_CONVERGE_TIMEOUT_SECONDS: '5',
    LAB_OPERATION_BACKOFF_MS: '10',
    CML_TIMEOUT_MS: '2000',
    ...env,
  });
  const clock = new ManualClock(new Date('2026-03-02T09:00:00Z'));
  const events: OutboxEntry[] = [];
  const container = new Container({ autobind: true, defaultScope: 'Singleton' });
  const mediator = new Mediator(
    (handler) => container.get(handler, { autobind: true }),
    [new ValidationBehavior()],
  );
  const queue = new InlineLabWorkQueue(() => mediator, options.runJobs ?? true);

  container.bind(LAB_MANAGER_SETTINGS).toConstantValue(settings);
  container.bind(CLOCK).toConstantValue(clock);
  container.bind(LOGGER).toConstantValue(createLogger('lab-manager', { level: 'silent' }));
  container.bind(MEDIATOR).toConstantValue(mediator);
  bindLabAdapters(container, settings);
  // Held here: a test may rebind CML_LABS_PROVIDER to a wrapper, and close still closes the real pool.
  const pool = container.get<CmlClientPool>(CML_LABS_PROVIDER);
  container.bind(LAB_WORK_QUEUE).toConstantValue(queue);
  for (const registration of labManagerRepositories) {
    container.bind(registration.token).toConstantValue(
      new InMemoryRepository({
        collection: registration.collection,
        source: '/lab-manager',
        rehydrate: registration.rehydrate as never,
        publisher: { saved: async (_events, entries) => void events.push(...entries) },
      }),
    );
  }
  mediator.register(...labManagerHandlers);

  return {
    mediator,
    container,
    clock,
    settings,
    records: container.get(LAB_RECORD_REPOSITORY),
    knownWorkers: container.get(KNOWN_WORKER_REPOSITORY),
    portLedgers: container.get(WORKER_PORT_ALLOCATION_REPOSITORY),
    queued: queue.queued,
    published: (type) => events.filter((e) => type === undefined || e.type === type),
    async receive(type, data, time = clock.now().toISOString()) {
      await mediator.dispatchIntegrationEvent({
        id: `${type}-${events.length}-${Math.random()}`,
        source: '/test',
        type,
        time,
        data,
      });
    },
    async drain() {
      while (queue.running.size > 0) await Promise.allSettled([...queue.running]);
    },
    close: () => pool.close(),
  };
}
