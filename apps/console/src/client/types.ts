// The parts of the three REST APIs' answers the console shows. Fields a service may add later (worker
// health reasons, cost figures) are optional, so the page shows them when they arrive.

export interface Capacity {
  readonly cpuCores: number;
  readonly memoryGb: number;
  readonly storageGb: number;
  readonly maxNodes: number;
}

export interface Worker {
  readonly id: string;
  readonly name: string;
  readonly templateName: string;
  readonly region: string;
  readonly instanceType: string;
  readonly capacity: Capacity;
  readonly httpsEndpoint: string | null;
  readonly status: string;
  readonly serviceStatus: string;
  /** worker-manager's health checks (docs/operations.md#worker-health). */
  readonly health?: { readonly consecutiveFailures: number; readonly lastFailure: string | null };
  readonly lastResumedAt: string | null;
  readonly statusChangedAt: string;
  readonly createdAt: string;
  readonly drainStartedAt: string | null;
}

export interface WorkerTemplate {
  readonly name: string;
  readonly description: string;
  readonly instanceType: string;
  readonly capacity: Capacity;
  readonly costPerHourUsd: number;
  readonly region: string;
  readonly enabled: boolean;
}

export interface Session {
  readonly id: string;
  readonly ownerId: string;
  readonly definitionId: string;
  readonly definitionName: string;
  readonly definitionVersion: string;
  readonly timeslotStart: string;
  readonly timeslotEnd: string;
  readonly status: string;
  readonly workerId: string | null;
  readonly labRecordId: string | null;
  readonly allocatedPorts: Record<string, number> | null;
  readonly lastPlacementReason: string | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  readonly terminationReason: string | null;
}

export interface SessionAccess {
  readonly url: string;
  readonly username: string;
  readonly password: string;
  readonly ports: Record<string, number>;
}

export interface Definition {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly nodeCount: number;
  readonly resourceRequirements: {
    readonly cpuCores: number;
    readonly memoryGb: number;
    readonly storageGb: number;
  };
  readonly maxDurationMinutes: number;
  readonly enabled: boolean;
  readonly createdAt: string;
  readonly createdBy: string;
}

export interface CloudEvent {
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly subject: string;
  readonly time: string;
  readonly data: Record<string, unknown>;
}

/** A CloudEvent as it arrived on a service's stream. */
export interface StreamedEvent {
  readonly streamId: string;
  readonly event: CloudEvent;
}
