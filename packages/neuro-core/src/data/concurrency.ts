import { FrameworkError } from '../core/framework-error';

/** The error `update` throws when the aggregate was saved by someone else since it was read (409). */
export function concurrencyError(collection: string, id: string, expected: number): FrameworkError {
  return new FrameworkError(
    'concurrency',
    `${collection} ${id} was changed by another request (expected stateVersion ${expected}); reload and retry`,
  );
}

/** The error `add` throws for an id that already exists (409). */
export function duplicateIdError(collection: string, id: string): FrameworkError {
  return new FrameworkError('conflict', `${collection} ${id} already exists`);
}
