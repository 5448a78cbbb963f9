import type { CallCounts } from './call-counts';

/**
 * Counts EC2 calls per action, faulted and failed ones included, so tests can assert on the load a
 * client puts on EC2 ("one DescribeInstances per 1,000 instances", "retried exactly twice").
 */
export class CallCounter {
  private readonly counts = new Map<string, number>();

  /** Records one call of `action`. */
  record(action: string): void {
    this.counts.set(action, (this.counts.get(action) ?? 0) + 1);
  }

  /** The counts so far. */
  snapshot(): CallCounts {
    const byAction = Object.fromEntries(this.counts);
    return { total: [...this.counts.values()].reduce((sum, n) => sum + n, 0), byAction };
  }

  /** Starts counting from zero. */
  reset(): void {
    this.counts.clear();
  }
}
