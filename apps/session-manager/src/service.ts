import { eventProducers } from '@lcm/contracts';
import { SERVICE_TOKENS, type ServiceTokens } from '@lcm/neuro-core';
import { METRICS, type Metrics, type ServiceContext, type ServiceDefinition } from '@lcm/neuro-core/hosting';
import { LabletSessionsController } from './api/controllers/lablet-sessions.controller';
import { TimeslotsController } from './api/controllers/timeslots.controller';
import { sessionEventVisibility } from './application/events/session-event-visibility';
import { sessionManagerHandlers } from './application/handlers';
import { LAB_CREDENTIALS_PROVIDER } from './application/services/lab-credentials';
import { PLACEMENT_METRICS } from './application/services/placement-metrics';
import { PLACEMENT_TRIGGER } from './application/services/placement-trigger';
import { type SessionManagerSettings, sessionManagerSettings } from './application/settings';
import { sessionManagerRepositories } from './integration/repositories/session-manager.repositories';
import { JobHostPlacementTrigger } from './integration/services/job-host-placement-trigger';
import { LabCredentialsClient } from './integration/services/lab-credentials.client';
import { registerSessionMetrics } from './integration/services/session-metrics';
import {
  LABLET_SESSION_REPOSITORY,
  type LabletSessionRepository,
} from './domain/repositories/lablet-session.repository';
import { declareSessionManagerJobs } from './integration/services/session-manager.jobs';

/**
 * Binds the placement trigger, the lab-manager client and the domain metrics; tests rebind them in their
 * own `configure`.
 */
function configure({ container, settings, jobs }: ServiceContext<SessionManagerSettings>): void {
  container.bind(PLACEMENT_TRIGGER).toConstantValue(new JobHostPlacementTrigger(jobs));
  container
    .bind(PLACEMENT_METRICS)
    .toConstantValue(
      registerSessionMetrics(
        container.get<Metrics>(METRICS),
        container.get<LabletSessionRepository>(LABLET_SESSION_REPOSITORY),
      ),
    );
  container.bind(LAB_CREDENTIALS_PROVIDER).toConstantValue(
    new LabCredentialsClient({
      baseUrl: settings.LAB_MANAGER_URL,
      tokens: container.get<ServiceTokens>(SERVICE_TOKENS),
    }),
  );
}

/**
 * session-manager: reservations, timeslots, placement on workers and the session lifecycle (docs/domain.md#lablet-session).
 * Knows the other services only through CloudEvents (worker and definition read models, lab and
 * assessment events), except for reading a lab's password from lab-manager when its owner asks.
 */
export const sessionManagerService: ServiceDefinition<SessionManagerSettings> = {
  name: 'session-manager',
  title: 'LCM session-manager',
  version: '0.1.0',
  settings: sessionManagerSettings,
  repositories: sessionManagerRepositories,
  eventProducers,
  eventVisibility: sessionEventVisibility,
  handlers: sessionManagerHandlers,
  controllers: [LabletSessionsController, TimeslotsController],
  configure,
  jobs: ({ jobs, settings }) => declareSessionManagerJobs(jobs, settings),
};
