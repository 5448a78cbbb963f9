import { buildTopology } from '@lcm/cml-simulator';
import { stringify } from 'yaml';
import type { NewLabletDefinitionSchema } from '../application/commands/create-lablet-definition.command';
import type { z } from 'zod';

/**
 * A valid CML topology as YAML with `nodeCount` routers; each placeholder name is put into a node's
 * configuration as `${NAME}`, as lablet authors write console ports.
 */
export function aTopologyYaml(
  options: { nodeCount?: number; ports?: string[]; title?: string } = {},
): string {
  const topology = buildTopology({ nodeCount: options.nodeCount ?? 2, title: options.title ?? 'lablet' });
  (options.ports ?? []).forEach((name, index) => {
    const node = topology.nodes[index % topology.nodes.length]!;
    node.configuration = `${node.configuration ?? ''}\n! console ${name} on \${${name}}`;
  });
  return stringify(topology);
}

/** A valid `POST /lablet-definitions` body; override what a test is about. */
export function aDefinitionBody(
  overrides: Partial<z.infer<typeof NewLabletDefinitionSchema>> = {},
): z.infer<typeof NewLabletDefinitionSchema> {
  return {
    name: 'ccna-basics',
    version: '1.0.0',
    topologyYaml: aTopologyYaml({ ports: ['PORT_SERIAL_1', 'PORT_SERIAL_2'] }),
    resourceRequirements: { cpuCores: 2, memoryGb: 4, storageGb: 10 },
    licenseAffinity: ['PERSONAL', 'ENTERPRISE'],
    maxDurationMinutes: 120,
    ...overrides,
  };
}

/** The data of a worker event for a RUNNING worker at `endpoint`. */
export function aWorkerSnapshot(workerId: string, endpoint: string | null, status = 'RUNNING') {
  return {
    workerId,
    status,
    templateName: 'small',
    region: 'us-east-1',
    licenseType: 'PERSONAL',
    capacity: { cpuCores: 2, memoryGb: 2, storageGb: 50, maxNodes: 5 },
    httpsEndpoint: endpoint,
    oldStatus: 'STARTING',
    newStatus: status,
    reason: 'CML ready',
  };
}

/** The data of a session event (SessionSnapshotSchema). */
export function aSessionSnapshot(
  session: {
    sessionId: string;
    workerId: string;
    definitionId: string;
    definitionName?: string;
    definitionVersion?: string;
  },
  status = 'SCHEDULED',
) {
  return {
    sessionId: session.sessionId,
    ownerId: 'user-1',
    status,
    definitionId: session.definitionId,
    definitionName: session.definitionName ?? 'ccna-basics',
    definitionVersion: session.definitionVersion ?? '1.0.0',
    timeslotStart: '2026-03-02T10:00:00.000Z',
    timeslotEnd: '2026-03-02T11:00:00.000Z',
    workerId: session.workerId,
    labRecordId: null,
    allocatedPorts: null,
    reason: null,
  };
}
