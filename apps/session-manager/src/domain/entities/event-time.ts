/**
 * True when an event's time is before the one a read model already holds: events are delivered concurrently
 * and may overtake each other, so an older one must not overwrite a newer one. Compared as instants, not as
 * strings (`09:00:00Z` and `09:00:00.000Z` are the same time).
 */
export function isOlderThanHeld(incoming: string | undefined, held: string | undefined): boolean {
  return !!incoming && !!held && Date.parse(incoming) < Date.parse(held);
}
