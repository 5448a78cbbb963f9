import { createHash } from 'node:crypto';

/**
 * A uuid (version 4 layout) derived from a key (a capacity request id and slot, the worker an unhealthy one
 * is replaced by), so a repeated or redelivered decision always names the same worker and adds no second.
 */
export function workerIdFor(key: string): string {
  const hex = createHash('sha256').update(`capacity-request:${key}`).digest('hex').slice(0, 32).split('');
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
