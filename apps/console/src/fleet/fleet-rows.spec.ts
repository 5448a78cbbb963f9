import type { Definition, Session, Worker, WorkerTemplate } from '../client/types';
import { fleetRows } from './fleet-rows';

const worker = (overrides: Partial<Worker> = {}): Worker => ({
  id: 'w-1',
  name: 'small-1',
  templateName: 'small',
  region: 'us-east-1',
  instanceType: 'm5.large',
  capacity: { cpuCores: 2, memoryGb: 2, storageGb: 20, maxNodes: 10 },
  httpsEndpoint: 'https://10.0.0.1',
  status: 'RUNNING',
  serviceStatus: 'AVAILABLE',
  lastResumedAt: '2026-11-30T10:00:00Z',
  statusChangedAt: '2026-11-30T10:00:00Z',
  createdAt: '2026-11-30T09:00:00Z',
  drainStartedAt: null,
  ...overrides,
});
const template = { name: 'small', costPerHourUsd: 0.5 } as WorkerTemplate;
const definition = {
  id: 'd-1',
  nodeCount: 2,
  resourceRequirements: { cpuCores: 1, memoryGb: 1, storageGb: 4 },
} as Definition;
const session = (status: string, workerId: string | null = 'w-1') =>
  ({ id: `s-${status}`, status, workerId, definitionId: 'd-1' }) as Session;
const now = Date.parse('2026-11-30T12:00:00Z');

describe('the Fleet page rows', () => {
  it('counts the resources of the sessions holding a worker, not the ended ones', () => {
    const [row] = fleetRows(
      [worker()],
      [template],
      [session('RUNNING'), session('STOPPED'), session('READY', 'w-2')],
      [definition],
      now,
    );
    expect(row?.sessions.map((s) => s.id)).toEqual(['s-RUNNING']);
    expect(row?.allocated).toEqual({ cpuCores: 1, memoryGb: 1, nodes: 2 });
  });

  it('prices the time up since the worker last started at its template price', () => {
    expect(fleetRows([worker()], [template], [], [], now)[0]).toMatchObject({
      uptimeMs: 2 * 3_600_000,
      costUsd: 1,
    });
  });

  it('gives a stopped worker no uptime and no cost', () => {
    expect(fleetRows([worker({ status: 'STOPPED' })], [template], [], [], now)[0]).toMatchObject({
      uptimeMs: undefined,
      costUsd: undefined,
    });
  });
});
