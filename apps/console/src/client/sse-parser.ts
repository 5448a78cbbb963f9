/** One message of a `text/event-stream`. */
export interface SseMessage {
  readonly id?: string;
  readonly data: string;
}

/**
 * Splits what has arrived of an event stream into complete messages and the unfinished rest (per the
 * HTML standard: blank-line separated, `data:` lines joined, comments and other fields ignored).
 */
export function parseSse(buffer: string): { messages: SseMessage[]; rest: string } {
  const normalized = buffer.replace(/\r\n?/g, '\n');
  const blocks = normalized.split('\n\n');
  const rest = blocks.pop() ?? '';
  const messages: SseMessage[] = [];
  for (const block of blocks) {
    let id: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      if (field === 'data') data.push(value);
    }
    if (data.length > 0) messages.push({ ...(id === undefined ? {} : { id }), data: data.join('\n') });
  }
  return { messages, rest };
}
