import { AssessmentEventTypes } from './assessment.events';
import { CapacityEventTypes } from './capacity.events';
import { eventCatalog } from './event-catalog';
import { eventProducers, producerOf } from './event-producers';
import { LabEventTypes } from './lab.events';
import { LabletDefinitionEventTypes } from './lablet-definition.events';
import { SessionEventTypes } from './session.events';
import { WorkerEventTypes } from './worker.events';
import { WorkerTemplateEventTypes } from './worker-template.events';

describe('producerOf', () => {
  it.each([
    [WorkerEventTypes.statusChanged, 'worker-manager'],
    [WorkerTemplateEventTypes.created, 'worker-manager'],
    [CapacityEventTypes.requested, 'session-manager'],
    [SessionEventTypes.scheduled, 'session-manager'],
    [LabEventTypes.ready, 'lab-manager'],
    [LabletDefinitionEventTypes.updated, 'lab-manager'],
    [AssessmentEventTypes.gradingCompleted, 'assessment-system'],
  ])('names %s as sent only by %s', (type, producer) => {
    expect(producerOf(type)).toBe(producer);
  });

  it('knows no producer for a type outside the catalog', () => {
    expect(producerOf('io.lcm.worker.created.v2')).toBeUndefined();
    expect(producerOf('constructor')).toBeUndefined();
  });
});

describe('eventProducers', () => {
  it('lists every producer of the catalog once, as an LCM service or an outside system', () => {
    const listed = [...eventProducers.services, ...eventProducers.external];
    expect(new Set(listed).size).toBe(listed.length);
    expect([...new Set(eventCatalog.map((contract) => contract.producer))].sort()).toEqual(
      [...listed].sort(),
    );
  });

  it('uses names that fit EVENT_PRODUCER_CLIENTS pairs (no spaces, commas or equals signs)', () => {
    for (const producer of [...eventProducers.services, ...eventProducers.external]) {
      expect(producer).toMatch(/^[a-z][a-z-]*$/);
    }
  });
});
