/** One CML API call the simulator answered (or left unanswered: status null). */
export interface Exchange {
  readonly at: string;
  readonly method: string;
  /** The path as called, relative to `/api/v0`. */
  readonly path: string;
  /** The spec path template that handled it, e.g. `/labs/{lab_id}`; undefined when no route matched. */
  readonly route?: string;
  readonly status: number | null;
  /** The JSON body sent back; request bodies are never kept, as they carry passwords. */
  readonly responseBody?: unknown;
}

const CAPACITY = 2000;

/** The last calls made to the CML API, newest last, so tests can assert on what a client did. */
export class ExchangeLog {
  private entries: Exchange[] = [];

  record(exchange: Exchange): void {
    this.entries.push(exchange);
    if (this.entries.length > CAPACITY) this.entries.splice(0, this.entries.length - CAPACITY);
  }

  list(): Exchange[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}
