import { randomBytes } from 'node:crypto';

/**
 * Makes EC2-shaped ids (`i-` and `r-` plus 17 hex digits). A random per-process prefix keeps ids from
 * a restarted simulator distinct from ones a manager may still hold in its database, and a counter keeps
 * them unique within the process.
 */
export class IdGenerator {
  private counter = 0;

  constructor(private readonly prefix = randomBytes(4).toString('hex')) {}

  /** A new instance id. */
  instanceId(): string {
    return `i-${this.next()}`;
  }

  /** A new reservation id. */
  reservationId(): string {
    return `r-${this.next()}`;
  }

  private next(): string {
    return `${this.prefix}${(++this.counter).toString(16).padStart(9, '0')}`;
  }
}
