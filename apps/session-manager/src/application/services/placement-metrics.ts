/** What a placement run tells the operator's metrics. A port so handlers stay free of Prometheus. */
export interface PlacementMetrics {
  /** One placement run decided `considered` sessions in `seconds` (reads, plan and saves). */
  placementDecided(seconds: number, considered: number): void;
}
/** DI token of the PlacementMetrics. */
export const PLACEMENT_METRICS = Symbol.for('lcm.PlacementMetrics');
