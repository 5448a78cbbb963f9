/**
 * The EC2 calls a `hang` fault holds. Each waits until the faults are cleared (it then runs), or until it
 * is cut: by its caller giving up, a reset or the simulator closing (it is then dropped, never run), so a
 * hung RunInstances the SDK timed out and retried cannot launch a second instance behind the test's back.
 */
export class HungCalls {
  private readonly held = new Set<(proceed: boolean) => void>();

  /** How many calls are hung right now. */
  get count(): number {
    return this.held.size;
  }

  /** Holds a call: true once released to run, false once cut or abandoned (`abandoned` aborts). */
  hold(abandoned: AbortSignal): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const settle = (proceed: boolean) => {
        this.held.delete(settle);
        abandoned.removeEventListener('abort', onAbort);
        resolve(proceed);
      };
      const onAbort = () => settle(false);
      if (abandoned.aborted) return resolve(false);
      abandoned.addEventListener('abort', onAbort);
      this.held.add(settle);
    });
  }

  /** Lets every hung call run and be answered. */
  releaseAll(): void {
    for (const settle of [...this.held]) settle(true);
  }

  /** Drops every hung call unanswered. */
  cutAll(): void {
    for (const settle of [...this.held]) settle(false);
  }
}
