/**
 * Runs async tasks one at a time in arrival order. Every EC2 and control call goes through it, so a
 * lifecycle hook that is still starting a CML simulator cannot interleave with a request changing the
 * same instance.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `task` after every task queued before it; its failure does not block later tasks. */
  run<T>(task: () => T | Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
