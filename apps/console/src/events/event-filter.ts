import type { StreamedEvent } from '../client/types';

/** The events whose type, subject or source contain the text, and whose service is the chosen one. */
export function filterEvents(
  events: readonly StreamedEvent[],
  text: string,
  source: string,
): StreamedEvent[] {
  const needle = text.trim().toLowerCase();
  return events.filter(
    ({ event }) =>
      (!source || event.source === source) &&
      (!needle ||
        [event.type, event.subject, JSON.stringify(event.data)].some((field) =>
          field.toLowerCase().includes(needle),
        )),
  );
}
