import { NOW, aDemand, aWorker, anAllocation, at } from '../../testing/builders';
import { availabilityByHour } from './availability.service';

describe('availabilityByHour', () => {
  it('counts per hour the sessions that still fit on RUNNING workers around their allocations', () => {
    const worker = aWorker({
      capacity: { cpuCores: 3, memoryGb: 32, storageGb: 200, maxNodes: 30 },
      allocations: [anAllocation({ startMinutes: 60, durationMinutes: 90 })],
    });
    const hours = availabilityByHour([worker], aDemand(), NOW, at(180));
    expect(hours.map((h) => [h.start, h.onRunningWorkers])).toEqual([
      [NOW.toISOString(), 3],
      [at(60).toISOString(), 2],
      [at(120).toISOString(), 2],
    ]);
  });

  it('flags hours only a STOPPED worker could serve (25 nodes fit once in 30), ignoring a PERSONAL worker', () => {
    const stopped = aWorker({
      workerId: 's',
      status: 'STOPPED',
      capacity: { cpuCores: 2, memoryGb: 32, storageGb: 200, maxNodes: 30 },
    });
    const personal = aWorker({ workerId: 'p', licenseType: 'PERSONAL' });
    const [hour] = availabilityByHour([stopped, personal], aDemand({ nodeCount: 25 }), at(-30), at(30));
    expect(hour).toEqual({
      start: NOW.toISOString().replace('10:00', '09:00'),
      end: NOW.toISOString(),
      onRunningWorkers: 0,
      onStoppedWorkers: 1,
      needsWorkerStart: true,
    });
  });

  it('leaves out DRAINING workers altogether', () => {
    const [hour] = availabilityByHour([aWorker({ status: 'DRAINING' })], aDemand(), NOW, at(60));
    expect(hour).toMatchObject({ onRunningWorkers: 0, onStoppedWorkers: 0, needsWorkerStart: false });
  });
});
