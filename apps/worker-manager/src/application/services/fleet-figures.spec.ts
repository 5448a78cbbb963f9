import { aWorkerIn } from '../../testing/builders';
import { fleetFigures } from './fleet-figures';

describe('fleetFigures', () => {
  it('counts what CML uses against each running worker and region, and prices the billed workers', () => {
    const running = aWorkerIn('RUNNING');
    const runningState = {
      ...running.state,
      id: 'w1',
      region: 'eu-west-1',
      capacity: { cpuCores: 4, memoryGb: 8, storageGb: 100, maxNodes: 10 },
      metrics: {
        cpuPercent: 50,
        memoryUsedPercent: 25,
        diskUsedPercent: 10,
        runningNodes: 3,
        labsCount: 1,
        collectedAt: '2026-03-02T09:00:00.000Z',
      },
    };
    const stopped = { ...aWorkerIn('STOPPED').state, id: 'w2', region: 'eu-west-1' };
    const gone = { ...aWorkerIn('TERMINATED').state, id: 'w3' };
    const figures = fleetFigures([runningState, stopped, gone], new Map([[running.state.templateName, 0.5]]));

    expect(figures.workers.map((s) => s.labels.status).sort()).toEqual(['RUNNING', 'STOPPED']);
    const free = Object.fromEntries(figures.workerFree.map((s) => [s.labels.resource, s.value]));
    expect(free).toEqual({ cpu_cores: 2, memory_gb: 6, nodes: 7 });
    expect(figures.regionAllocated).toContainEqual({
      labels: { region: 'eu-west-1', resource: 'nodes' },
      value: 3,
    });
    expect(figures.costPerHour).toEqual([
      { labels: { template: running.state.templateName, region: 'eu-west-1' }, value: 0.5 },
    ]);
  });
});
