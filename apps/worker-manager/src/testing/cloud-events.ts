import { CapacityEventTypes } from '@lcm/contracts';
import type { TestCloudEvent } from '@lcm/neuro-core/testing';

const HOUR = 3_600_000;

/** A session event as session-manager sends it: the session on `workerId`, now in `status`. */
export function sessionEvent(
  sessionId: string,
  workerId: string,
  status: string,
  time: Date,
): TestCloudEvent {
  return {
    type: `io.lcm.session.${status.toLowerCase()}.v1`,
    subject: sessionId,
    source: '/session-manager',
    data: {
      sessionId,
      ownerId: 'student-1',
      status,
      definitionId: 'def-1',
      definitionName: 'ccna-lab',
      definitionVersion: '1.0.0',
      timeslotStart: time.toISOString(),
      timeslotEnd: new Date(time.getTime() + HOUR).toISOString(),
      workerId,
      labRecordId: null,
      allocatedPorts: null,
      reason: null,
    },
  };
}

/**
 * A capacity request as session-manager sends it: 1 core, 1.5 GB, 30 GB, 4 nodes of a PERSONAL licence in
 * us-east-1 (the `small` template is the cheapest that covers it with headroom), with `overrides`.
 */
export function capacityRequest(requestId: string, overrides: object = {}): TestCloudEvent {
  return {
    type: CapacityEventTypes.requested,
    source: '/session-manager',
    data: {
      requestId,
      cpuCores: 1,
      memoryGb: 1.5,
      storageGb: 30,
      nodeCount: 4,
      licenseType: 'PERSONAL',
      region: 'us-east-1',
      neededBy: new Date().toISOString(),
      ...overrides,
    },
  };
}
