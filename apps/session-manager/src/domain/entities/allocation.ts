/**
 * One session's hold on a worker for its timeslot: what placement counts against the worker's capacity.
 * Times are epoch milliseconds so the placement hot loop compares numbers.
 */
export interface Allocation {
  readonly sessionId: string;
  readonly start: number;
  readonly end: number;
  readonly cpuCores: number;
  readonly memoryGb: number;
  readonly storageGb: number;
  readonly nodes: number;
  readonly ports: number;
}
