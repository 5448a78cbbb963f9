import { ControlRequestError } from './control-request-error';
import type { Fault, FaultKind, FaultSpec } from './fault';

const KINDS: readonly FaultKind[] = ['throttle', 'error500', 'delay', 'hang'];

/**
 * Queued faults, consumed in the order they were injected: each EC2 call takes the first fault that
 * matches its action, so `count: 2` fails exactly the next two matching calls and the third goes through.
 */
export class FaultInjector {
  private faults: Fault[] = [];
  private nextId = 1;

  /** Adds a fault after checking it, since specs arrive as untrusted JSON through the control API. */
  add(spec: FaultSpec): Fault {
    const { kind, action, count = 1, delayMs } = spec;
    if (!KINDS.includes(kind))
      throw new ControlRequestError(`fault kind '${kind}' is not one of ${KINDS.join(', ')}`);
    if (action !== undefined && (typeof action !== 'string' || action === '')) {
      throw new ControlRequestError(`fault action '${action}' must be a non-empty string`);
    }
    if (!Number.isInteger(count) || count < 1)
      throw new ControlRequestError(`fault count ${count} must be an integer >= 1`);
    if (kind === 'delay' && (typeof delayMs !== 'number' || !Number.isFinite(delayMs) || delayMs < 0)) {
      throw new ControlRequestError(`a delay fault needs delayMs >= 0, got ${delayMs}`);
    }
    const fault: Fault = {
      id: this.nextId++,
      kind,
      action,
      remaining: count,
      delayMs: kind === 'delay' ? delayMs : undefined,
    };
    this.faults.push(fault);
    return fault;
  }

  /** Consumes one hit of the first fault matching `action`, if any. */
  take(action: string): Fault | undefined {
    const index = this.faults.findIndex((fault) => fault.action === undefined || fault.action === action);
    if (index < 0) return undefined;
    const fault = this.faults[index];
    const remaining = fault.remaining - 1;
    if (remaining === 0) this.faults.splice(index, 1);
    else this.faults[index] = { ...fault, remaining };
    return fault;
  }

  /** The faults still waiting to hit. */
  list(): Fault[] {
    return [...this.faults];
  }

  /** Drops every pending fault. */
  clear(): void {
    this.faults = [];
  }
}
