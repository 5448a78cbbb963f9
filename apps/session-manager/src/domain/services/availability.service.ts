import type { SessionDemand } from '../entities/session-demand';
import { freeCapacityDuring, sessionsThatFit } from './capacity-window';
import { type PlacementWorker, licenceAllows } from './placement.service';

/** How many more sessions of one definition fit in one hour. */
export interface HourAvailability {
  readonly start: string;
  readonly end: string;
  /** On RUNNING workers, counting the allocations they hold. */
  readonly onRunningWorkers: number;
  /** On STOPPED workers, which would have to be started first. */
  readonly onStoppedWorkers: number;
  /** True when only a stopped worker could take a session in this hour. */
  readonly needsWorkerStart: boolean;
}

const HOUR = 3_600_000;

/**
 * Counts, per hour from `from` (rounded down to the hour) to `to`, how many more one-hour sessions of a
 * demand fit on RUNNING workers (licence, capacity and overlapping allocations as placement sees them) and
 * on STOPPED ones (empty, as a stopped worker holds no session). Pure, for the portal's calendar.
 */
export function availabilityByHour(
  workers: readonly PlacementWorker[],
  demand: SessionDemand,
  from: Date,
  to: Date,
): HourAvailability[] {
  const need = { ...demand, nodes: demand.nodeCount };
  const eligible = workers.filter((w) => licenceAllows(w.licenseType, demand));
  const running = eligible.filter((w) => w.status === 'RUNNING');
  const stopped = eligible
    .filter((w) => w.status === 'STOPPED')
    .reduce(
      (sum, w) => sum + sessionsThatFit(freeCapacityDuring(w.capacity, w.portCount, [], 0, 1), need),
      0,
    );
  const hours: HourAvailability[] = [];
  for (let start = Math.floor(from.getTime() / HOUR) * HOUR; start < to.getTime(); start += HOUR) {
    const end = start + HOUR;
    const onRunningWorkers = running.reduce(
      (sum, w) =>
        sum + sessionsThatFit(freeCapacityDuring(w.capacity, w.portCount, w.allocations, start, end), need),
      0,
    );
    hours.push({
      start: new Date(start).toISOString(),
      end: new Date(end).toISOString(),
      onRunningWorkers,
      onStoppedWorkers: stopped,
      needsWorkerStart: onRunningWorkers === 0 && stopped > 0,
    });
  }
  return hours;
}
