import { FrameworkError } from '@lcm/neuro-core';

/**
 * True for the errors a save throws when another request won the race (stale stateVersion or an id added
 * meanwhile): loops skip that item and let the next run see the new state, instead of failing everything.
 */
export function lostRace(error: unknown): boolean {
  return FrameworkError.is(error, 'concurrency') || FrameworkError.is(error, 'conflict');
}
