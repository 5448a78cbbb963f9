// Artificial contention for race specs: the interleavings a loaded machine or a second replica produces,
// made deterministic so a race that loses a placement fails every run, not once in a thousand.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Container } from 'inversify';

/**
 * Wraps a repository so that its n-th call first yields `n % width` event-loop turns: concurrent commands
 * then read and save in a fixed but shuffled order, one that reaches every window between a read and its
 * save. No timers, so the order is the same on a fast and a busy machine.
 */
export function staggered<T extends object>(repository: T, width: number): T {
  let calls = 0;
  return new Proxy(repository, {
    get(target, property, receiver) {
      const member = Reflect.get(target, property, receiver);
      if (typeof member !== 'function') return member;
      return async (...args: unknown[]) => {
        const turns = calls++ % width;
        for (let turn = 0; turn < turns; turn++) await nextTurn();
        return member.apply(target, args);
      };
    },
  });
}

/** Rebinds each repository token of a running service to a staggered wrapper of what it is bound to. */
export function staggerRepositories(container: Container, tokens: readonly symbol[], width: number): void {
  for (const token of tokens) {
    const repository = container.get<object>(token);
    container.rebind(token).toConstantValue(staggered(repository, width));
  }
}
