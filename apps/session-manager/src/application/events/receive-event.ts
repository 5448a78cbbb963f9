import type { IntegrationEvent, Logger, Mediator, Request } from '@lcm/neuro-core';
import type { ZodType } from 'zod';

/**
 * The common path of every inbound CloudEvent: parse `data` with the contract's schema, run the command it
 * maps to, and decide what the sender should do. Bad data or a refused transition (4xx: unknown session,
 * a duplicate or late event) is logged and acknowledged, because redelivering it would never succeed; only
 * a server failure (5xx) throws, so the sender retries.
 */
export async function receiveEvent<T>(
  event: IntegrationEvent,
  schema: ZodType<T>,
  toCommand: (data: T) => Request<unknown>,
  mediator: Mediator,
  logger: Logger,
): Promise<void> {
  const fields = { eventId: event.id, type: event.type, source: event.source };
  const parsed = schema.safeParse(event.data);
  if (!parsed.success) {
    logger.warn(
      { ...fields, issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) },
      'CloudEvent data does not match its contract; ignored',
    );
    return;
  }
  const result = await mediator.execute(toCommand(parsed.data));
  if (result.ok) return;
  if (result.status >= 500)
    throw new Error(
      `CloudEvent ${event.id} (${event.type}) failed: ${result.problem.detail ?? result.problem.title}`,
    );
  logger.info(
    { ...fields, status: result.status, detail: result.problem.detail },
    'CloudEvent changed nothing',
  );
}
