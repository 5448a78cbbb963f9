/** The statuses a session goes through, in order, from request to its owner's stop when nothing goes wrong. */
export const SESSION_HAPPY_PATH = [
  'PENDING',
  'SCHEDULED',
  'INSTANTIATING',
  'READY',
  'RUNNING',
  'STOPPING',
  'STOPPED',
] as const;
