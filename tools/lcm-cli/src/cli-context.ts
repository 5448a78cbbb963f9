import { ApiClient } from './api-client';

/** What a command gets: its arguments, output streams and a client per service. */
export interface CliContext {
  readonly args: readonly string[];
  readonly flags: Readonly<Record<string, string | boolean>>;
  readonly json: boolean;
  out(text: string): void;
  readonly workers: ApiClient;
  readonly labs: ApiClient;
  readonly sessions: ApiClient;
  /** Waits between polls of `--watch`; tests make it instant. */
  sleep(ms: number): Promise<void>;
}

/** Prints data as JSON (for scripts) or as the human rendering. */
export function print(context: CliContext, data: unknown, human: () => string): void {
  context.out(context.json ? JSON.stringify(data, null, 2) : human());
}
