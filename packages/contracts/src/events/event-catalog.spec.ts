import { AssessmentEventTypes } from './assessment.events';
import { CapacityEventTypes } from './capacity.events';
import { eventCatalog } from './event-catalog';
import { LabEventTypes, LabReadySchema } from './lab.events';
import { LabletDefinitionEventTypes } from './lablet-definition.events';
import { SessionEventTypes } from './session.events';
import { WorkerEventTypes, WorkerStatusChangedSchema } from './worker.events';
import { WorkerTemplateEventTypes } from './worker-template.events';

const allConstants = [
  WorkerEventTypes,
  WorkerTemplateEventTypes,
  CapacityEventTypes,
  LabletDefinitionEventTypes,
  LabEventTypes,
  SessionEventTypes,
  AssessmentEventTypes,
].flatMap((group) => Object.values(group));

describe('eventCatalog', () => {
  it('lists every event type constant exactly once', () => {
    const listed = eventCatalog.map((e) => e.type);
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual([...allConstants].sort());
  });

  it('names every type io.lcm.<aggregate>.<event>.v<N>', () => {
    for (const { type } of eventCatalog) expect(type).toMatch(/^io\.lcm\.[a-z-]+\.[a-z-]+\.v\d+$/);
  });

  it('never lets a lab.ready event carry a password', () => {
    const parsed = LabReadySchema.parse({
      sessionId: 's',
      labRecordId: 'l',
      workerId: 'w',
      cmlLabId: 'c',
      accessUrl: 'https://10.0.0.1',
      username: 'lcm-s',
      ports: { PORT_SERIAL_1: 2001 },
      password: 'secret',
    });
    expect(parsed).not.toHaveProperty('password');
  });

  it('rejects a worker status change with an unknown status', () => {
    const result = WorkerStatusChangedSchema.safeParse({
      workerId: '7b0f5c1e-8a1d-4c57-9f0e-2d2f7f3f9a11',
      status: 'RUNNING',
      templateName: 'small',
      region: 'us-east-1',
      licenseType: 'PERSONAL',
      capacity: { cpuCores: 2, memoryGb: 2, storageGb: 50, maxNodes: 5 },
      httpsEndpoint: null,
      oldStatus: 'STARTING',
      newStatus: 'FLYING',
      reason: 'CML ready',
    });
    expect(result.success).toBe(false);
  });
});
