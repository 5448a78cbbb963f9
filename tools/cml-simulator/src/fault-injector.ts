import type { NextFunction, Request, Response } from 'express';

/** What an injected fault does to a matching CML API call. */
export type SimulatedFault =
  | { type: 'status'; status?: number; description?: string }
  | { type: 'delay'; delayMs: number }
  | { type: 'hang' }
  | { type: 'drop' };

/**
 * A fault and the calls it hits: the next `times` calls (default 1; `'always'` until cleared) whose method
 * and path (relative to `/api/v0`, tested with `pathPattern` as a regular expression) match.
 */
export interface FaultRule {
  fault: SimulatedFault;
  times?: number | 'always';
  method?: string;
  pathPattern?: string;
}

interface ArmedRule {
  readonly rule: FaultRule;
  readonly pattern?: RegExp;
  remaining: number;
}

/**
 * Express middleware in front of the CML routes that turns matching calls into failures: an error status
 * with CML's error body, a delay before the real answer, no answer at all (the client must time out), or a
 * dropped connection (the client sees a reset).
 */
export class FaultInjector {
  private rules: ArmedRule[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();

  add(rule: FaultRule): void {
    const times = rule.times ?? 1;
    this.rules.push({
      rule,
      pattern: rule.pathPattern === undefined ? undefined : new RegExp(rule.pathPattern),
      remaining: times === 'always' ? Number.POSITIVE_INFINITY : times,
    });
  }

  clear(): void {
    this.rules = [];
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** The rules still armed, for introspection. */
  pending(): FaultRule[] {
    return this.rules.map(({ rule, remaining }) => ({
      ...rule,
      times: Number.isFinite(remaining) ? remaining : 'always',
    }));
  }

  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    const armed = this.take(req.method, req.path);
    if (!armed) return next();
    const fault = armed.rule.fault;
    switch (fault.type) {
      case 'status': {
        const status = fault.status ?? 500;
        res
          .status(status)
          .json({ code: status, description: fault.description ?? `Simulated fault: ${status}` });
        return;
      }
      case 'delay': {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          next();
        }, fault.delayMs);
        this.timers.add(timer);
        return;
      }
      case 'hang':
        return;
      case 'drop':
        req.socket.destroy();
        return;
    }
  };

  private take(method: string, path: string): ArmedRule | undefined {
    const armed = this.rules.find(
      (r) =>
        (r.rule.method === undefined || r.rule.method.toUpperCase() === method) &&
        (r.pattern === undefined || r.pattern.test(path)),
    );
    if (!armed) return undefined;
    armed.remaining -= 1;
    if (armed.remaining <= 0) this.rules = this.rules.filter((r) => r !== armed);
    return armed;
  }
}
