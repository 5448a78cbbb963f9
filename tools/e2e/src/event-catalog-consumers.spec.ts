// docs/events.md, generated from the catalog, tells integrators and operators which service reacts to
// which event (and so which Trigger or subscription a deployment needs). The catalog's `consumers` are
// written by hand; the services' handlers are the truth. This keeps the two equal.
import { eventCatalog, lcmServices } from '@lcm/contracts';
import { Mediator } from '@lcm/neuro-core';
import { labManagerService } from '../../../apps/lab-manager/src/service';
import { sessionManagerService } from '../../../apps/session-manager/src/service';
import { workerManagerService } from '../../../apps/worker-manager/src/service';

const definitions = {
  'worker-manager': workerManagerService,
  'lab-manager': labManagerService,
  'session-manager': sessionManagerService,
};

describe('the event catalog', () => {
  it.each(lcmServices)('names %s as a consumer of exactly the event types it handles', (service) => {
    const handled = new Mediator(() => {
      throw new Error('no handler is run here');
    })
      .register(...definitions[service].handlers)
      .integrationEventTypes()
      .sort();
    const listed = eventCatalog
      .filter((contract) => contract.consumers.includes(service))
      .map((contract) => contract.type)
      .sort();
    expect(listed).toEqual(handled);
  });
});
