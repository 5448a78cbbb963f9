import { createHash } from 'node:crypto';

/**
 * The id of the lab record a session gets on a worker: derived from both, so two deliveries of the same
 * placement handled at once create one record (the second `add` loses the race) instead of two labs, two
 * sets of ports and two imports. Formatted as a UUID (version 8, RFC 9562), as every lab record id is.
 */
export function sessionLabId(sessionId: string, workerId: string): string {
  const hex = createHash('sha256').update(`${sessionId}\n${workerId}`).digest('hex');
  const variant = ((Number.parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
