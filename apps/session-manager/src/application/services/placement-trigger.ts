/**
 * Asks for a placement run soon (after a new request, or a worker becoming RUNNING), besides the periodic
 * loop. A port so handlers stay free of BullMQ; the service binds it to an on-demand job.
 */
export interface PlacementTrigger {
  requestPlacement(reason: string): Promise<void>;
}
/** DI token of the PlacementTrigger. */
export const PLACEMENT_TRIGGER = Symbol.for('lcm.PlacementTrigger');
