// Small builders for specs: a session, a definition demand, a worker as placement sees it.
import type { Allocation } from '../domain/entities/allocation';
import { LabletSession } from '../domain/entities/lablet-session.aggregate';
import type { SessionDemand } from '../domain/entities/session-demand';
import type { PlacementRequest, PlacementWorker } from '../domain/services/placement.service';

/** 2026-03-02T10:00Z: "now" of most specs. */
export const NOW = new Date('2026-03-02T10:00:00Z');
/** Minutes after NOW as a Date. */
export const at = (minutes: number): Date => new Date(NOW.getTime() + minutes * 60_000);

/** A small definition's demand: 1 cpu, 2 GB, 10 GB disk, 3 nodes, 2 ports, any licence. */
export function aDemand(overrides: Partial<SessionDemand> = {}): SessionDemand {
  return {
    cpuCores: 1,
    memoryGb: 2,
    storageGb: 10,
    nodeCount: 3,
    ports: 2,
    licenseAffinity: ['PERSONAL', 'ENTERPRISE', 'EVALUATION'],
    ...overrides,
  };
}

/** A PENDING session of `alice` in us-east-1 for the hour starting `startMinutes` after NOW. */
export function aSession(
  options: {
    id?: string;
    ownerId?: string;
    startMinutes?: number;
    durationMinutes?: number;
    region?: string;
    demand?: SessionDemand;
  } = {},
): LabletSession {
  const start = at(options.startMinutes ?? 0);
  const session = LabletSession.request(
    options.id ?? 'session-1',
    {
      ownerId: options.ownerId ?? 'alice',
      definitionId: 'def-1',
      definitionName: 'ccna-lab',
      definitionVersion: '1.0.0',
      region: options.region ?? 'us-east-1',
      demand: options.demand ?? aDemand(),
      timeslotStart: start,
      timeslotEnd: new Date(start.getTime() + (options.durationMinutes ?? 60) * 60_000),
    },
    NOW,
  );
  session.markPersisted(1);
  return session;
}

/** A RUNNING ENTERPRISE worker in us-east-1 with 8 cpu, 32 GB, 200 GB, 30 nodes. */
export function aWorker(overrides: Partial<PlacementWorker> & { workerId?: string } = {}): PlacementWorker {
  return {
    workerId: 'worker-1',
    status: 'RUNNING',
    region: 'us-east-1',
    licenseType: 'ENTERPRISE',
    capacity: { cpuCores: 8, memoryGb: 32, storageGb: 200, maxNodes: 30 },
    portCount: 8000,
    allocations: [],
    ...overrides,
  };
}

/** A placement request for a session of `demand` from `startMinutes` for `durationMinutes`. */
export function aRequest(
  options: {
    sessionId?: string;
    startMinutes?: number;
    durationMinutes?: number;
    region?: string;
    demand?: SessionDemand;
  } = {},
): PlacementRequest {
  const start = at(options.startMinutes ?? 0).getTime();
  return {
    sessionId: options.sessionId ?? 'session-1',
    start,
    end: start + (options.durationMinutes ?? 60) * 60_000,
    region: options.region ?? 'us-east-1',
    demand: options.demand ?? aDemand(),
  };
}

/** An allocation holding `demand` from `startMinutes` for `durationMinutes`. */
export function anAllocation(
  options: {
    sessionId?: string;
    startMinutes?: number;
    durationMinutes?: number;
    demand?: SessionDemand;
  } = {},
): Allocation {
  const d = options.demand ?? aDemand();
  const start = at(options.startMinutes ?? 0).getTime();
  return {
    sessionId: options.sessionId ?? 'held-1',
    start,
    end: start + (options.durationMinutes ?? 60) * 60_000,
    cpuCores: d.cpuCores,
    memoryGb: d.memoryGb,
    storageGb: d.storageGb,
    nodes: d.nodeCount,
    ports: d.ports,
  };
}
