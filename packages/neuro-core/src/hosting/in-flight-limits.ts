/** How many requests one process handles at once before it refuses more. */
export interface InFlightLimits {
  /** Requests to every route but `POST /events`, the probes, `/metrics` and the event stream. */
  readonly requests: number;
  /** CloudEvent deliveries (`/events`), bounded apart so a flood of events cannot starve the API. */
  readonly events: number;
}

/**
 * Production defaults, sized for the chart's 512 MiB: a request holds its body (a few KB in practice, 1 MB
 * at most) and what its handler loads, so even 300 requests in flight with the largest bodies fit beside
 * the process's own ~150 MB.
 */
export const DEFAULT_IN_FLIGHT_LIMITS: InFlightLimits = { requests: 200, events: 100 };
