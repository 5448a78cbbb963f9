/**
 * Asks for a placement run soon (after a new request, or a worker becoming RUNNING), besides the periodic
 * loop. A port so handlers stay free of BullMQ; service.ts binds it to JobHostPlacementTrigger.
 */
export interface PlacementTrigger {
  /** Queues a run; `reason` (e.g. `worker <id> is RUNNING`) is carried to the run and labels its log line. */
  requestPlacement(reason: string): Promise<void>;
}
/** DI token of the PlacementTrigger. */
export const PLACEMENT_TRIGGER = Symbol.for('lcm.PlacementTrigger');
