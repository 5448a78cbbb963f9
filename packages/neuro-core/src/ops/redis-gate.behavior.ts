import type { Redis } from 'ioredis';
import { OperationResult } from '../core/operation-result';
import type { NextStep, PipelineBehavior } from '../mediator/pipeline-behavior';
import { Command, type Request } from '../mediator/request';

/**
 * Refuses commands with 503 while the service's Redis connection is not ready, before their handler runs.
 * A command's handler may queue a job after it saved (placement, lab work), and a BullMQ connection
 * (`maxRetriesPerRequest: null`) waits for Redis as long as it is away: refused up front, the request
 * answers at once and nothing is half-written. Queries read the database only, and keep answering.
 */
export class RedisGateBehavior implements PipelineBehavior {
  constructor(private readonly redis: Pick<Redis, 'status'>) {}

  handle(request: Request<unknown>, next: NextStep): Promise<OperationResult<unknown>> {
    if (!(request instanceof Command) || this.redis.status === 'ready') return next();
    return Promise.resolve(
      OperationResult.unavailable(
        `Redis is unavailable (connection ${this.redis.status}); nothing was changed, retry later`,
      ),
    );
  }
}
