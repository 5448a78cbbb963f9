import { CloudEvent, HTTP, ValidationError } from 'cloudevents';
import express, { type NextFunction, type Request, type Response, Router } from 'express';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import type { Authenticator } from '../auth/authenticator';
import { FrameworkError } from '../core/framework-error';
import type { Failure } from '../core/operation-result';
import { type FieldError, PROBLEM_CONTENT_TYPE, type ProblemDetails, problem } from '../core/problem-details';
import type { IntegrationEvent } from '../mediator/integration-event';
import type { Mediator } from '../mediator/mediator';
import { DEFAULT_RETRY_AFTER_SECONDS } from '../hosting/send-problem';
import type { Metrics } from '../ops/metrics';
import type { EventRelays } from './event-relays';
import type { ProducerAllowList } from './producer-allow-list';
import { SpanKind, contextOf, inSpan } from '../ops/tracing';

/** How the CloudEvents endpoint is wired and tuned. */
export interface EventIngestionOptions {
  /** The receiving service; de-duplication keys are its own, even when services share a Redis. */
  readonly service: string;
  readonly mediator: Pick<Mediator, 'dispatchIntegrationEvent' | 'integrationEventTypes'>;
  /** Verifies each delivery's bearer token (the REST API's, or one bound to AUTH_EVENTS_AUDIENCE). */
  readonly authenticator: Authenticator;
  /** Which OAuth client may send which event type. */
  readonly producers: ProducerAllowList;
  /**
   * Deliverers trusted to pass on any catalog type (a Knative Broker's Triggers), told apart by their
   * tokens' issuer. None when absent: such tokens then fail `authenticator` like any unknown token.
   */
  readonly relays?: EventRelays;
  /** The claim naming the calling OAuth client. Default `azp`; `client_id` is read when it is absent. */
  readonly clientIdClaim?: string;
  /** Holds the (source, id) pairs already processed. */
  readonly redis: Redis;
  /** How long a processed event is remembered. Default 7 days, longer than any sender's retries. */
  readonly dedupeTtlSeconds?: number;
  /**
   * How long an event counts as being processed: a redelivery meanwhile is answered 503, not taken for a
   * duplicate. After it (a receiver that crashed mid-handler) a redelivery is processed. Default 60 s.
   */
  readonly processingTtlSeconds?: number;
  /** Largest accepted body (an express/bytes size). Default `1mb`. */
  readonly bodyLimit?: string;
  readonly metrics?: Metrics;
  readonly logger?: Logger;
}

const SEVEN_DAYS = 7 * 24 * 60 * 60;
const PROCESSING = 'processing';
const DONE = 'done';
/** The role every token on `POST /events` must carry: only services deliver events. */
const SERVICE_ROLE = 'service';
const STRUCTURED = 'application/cloudevents+json';
const BATCH = 'application/cloudevents-batch+json';
/** `application/json` or `application/<anything>+json`, with or without parameters. */
const JSON_CONTENT = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

/** Why a request carries no acceptable CloudEvent; becomes a 400 naming the problems. */
class InvalidEvents extends Error {
  constructor(
    message: string,
    readonly errors: readonly FieldError[] = [],
    readonly type = 'unknown',
  ) {
    super(message);
  }
}

/**
 * `POST /events`: the CloudEvents other services (or a Knative broker) deliver to this one, in binary,
 * structured or batch content mode. The delivery's bearer token comes first, before the body is read:
 * none or an invalid one is a 401, a token without the `service` role or naming no OAuth client a 403.
 * A token of the relay issuer (`relays`) is a relay's instead: valid and of a subject it names, or a 401
 * or 403. Every event is then validated (a batch with one bad event is refused whole, 400 problem+json)
 * and checked against the producer allow-list: an event of a type the catalog does not list, or from
 * another client than its producer's, refuses the whole request with 403; a relay may pass on any type of
 * the catalog. Nothing refused is dispatched or remembered. Accepted events are de-duplicated on
 * (source, id) with `SET NX EX`, since senders deliver at least once, and dispatched to the
 * integration-event handlers. 202 means processed or already seen; a failing handler releases the key and
 * answers 500 so the sender's retry gets processed. A batch stops at its first failing event; when the
 * sender retries it, the events already handled are skipped as duplicates.
 */
export function createEventIngestionRouter(options: EventIngestionOptions): Router {
  const router = Router();
  const parseBody = express.text({ type: () => true, limit: options.bodyLimit ?? '1mb' });
  // Types come from the sender: only the ones this service handles become metric labels.
  const label = (type: unknown) =>
    typeof type === 'string' && options.mediator.integrationEventTypes().includes(type) ? type : 'other';
  const authenticate = async (req: Request, res: Response, next: NextFunction) => {
    const access = await callerOf(req, options);
    if (access.ok) {
      res.locals['caller'] = access.caller;
      return next();
    }
    const { status, problem: refusal, caller } = access;
    const type = req.headers['ce-type'];
    const outcome = status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : 'unavailable';
    options.metrics?.eventsReceived.inc({ type: label(type), outcome });
    options.logger?.warn({ status, type, ...caller, reason: refusal.detail }, 'CloudEvent delivery refused');
    if (status === 401) {
      res.set('WWW-Authenticate', req.headers.authorization ? 'Bearer error="invalid_token"' : 'Bearer');
    }
    sendDocument(res, refusal);
  };
  router.post('/events', authenticate, parseBody, async (req: Request, res: Response) => {
    const caller = res.locals['caller'] as Caller;
    let events: CloudEvent[];
    try {
      events = readEvents(req);
    } catch (error) {
      const invalid = asInvalid(error);
      options.metrics?.eventsReceived.inc({ type: label(invalid.type), outcome: 'invalid' });
      options.logger?.warn({ detail: invalid.message, errors: invalid.errors }, 'invalid CloudEvent refused');
      return sendProblem(res, 400, invalid.message, invalid.errors);
    }
    for (const [index, event] of events.entries()) {
      const check =
        caller.relay === undefined
          ? options.producers.check(event.type, caller.client)
          : options.producers.checkRelayed(event.type);
      if (check.ok) continue;
      options.metrics?.eventsReceived.inc({ type: label(event.type), outcome: 'forbidden' });
      options.logger?.warn(
        { status: 403, type: event.type, eventId: event.id, ...caller, reason: check.reason },
        'CloudEvent delivery refused',
      );
      const at = events.length > 1 ? `CloudEvent[${index}] ${event.id}: ` : '';
      const whole = events.length > 1 ? '; the whole batch is refused' : '';
      return sendProblem(res, 403, `${at}${check.reason}${whole}`);
    }
    for (const event of events) {
      const ingested = await ingest(options, event);
      options.metrics?.eventsReceived.inc({ type: label(event.type), outcome: ingested.outcome });
      if (ingested.outcome === 'unavailable') return sendProblem(res, 503, ingested.detail);
      if (ingested.outcome === 'in-progress') {
        // Not sooner: until the mark expires (or its handler ends) a redelivery gets this same answer.
        res.set('Retry-After', String(ingested.retryAfterSeconds));
        return sendProblem(res, 503, `CloudEvent ${event.id} is still being processed; retry later`);
      }
      if (ingested.outcome === 'failed') {
        return sendProblem(res, 500, `CloudEvent ${event.id} could not be processed; retry later`);
      }
    }
    res.status(202).end();
  });
  router.use('/events', (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    const status = (error as { status?: unknown }).status;
    if (typeof status !== 'number' || status < 400 || status >= 500) return next(error);
    sendProblem(res, status, (error as Error).message);
  });
  return router;
}

/** Who delivers: a producer's OAuth client, or a trusted relay (its token's subject) passing events on. */
type Caller =
  | { readonly client: string; readonly relay?: undefined }
  | { readonly relay: string; readonly client?: undefined };

type Access = { readonly ok: true; readonly caller: Caller } | (Failure & { readonly caller?: Caller });

/**
 * The caller, from a verified token: a relay's when the token names the relay issuer, else the OAuth client
 * of a token with the service role.
 */
async function callerOf(req: Request, options: EventIngestionOptions): Promise<Access> {
  const { relays } = options;
  if (relays?.issued(req.headers.authorization)) {
    const relayed = await relays.authenticate(req.headers.authorization);
    return relayed.ok ? { ok: true, caller: { relay: relayed.value } } : relayed;
  }
  const authenticated = await options.authenticator.authenticate(req.headers.authorization);
  if (!authenticated.ok) return authenticated;
  const user = authenticated.value;
  const client = clientIdOf(user, options.clientIdClaim ?? 'azp');
  if (!user.roles.includes(SERVICE_ROLE)) {
    return {
      ...refusal(
        403,
        `only services deliver events: the token of ${user.sub} lacks the ${SERVICE_ROLE} role`,
      ),
      ...(client === undefined ? {} : { caller: { client } }),
    };
  }
  if (client === undefined) {
    const claims = [...new Set([options.clientIdClaim ?? 'azp', 'client_id'])].join(' or ');
    return refusal(403, `the service token of ${user.sub} names no OAuth client (${claims})`);
  }
  return { ok: true, caller: { client } };
}

/** The calling OAuth client: the configured claim, else `client_id` (which some issuers write instead). */
function clientIdOf(user: AuthenticatedUser, claim: string): string | undefined {
  const value = user.claims[claim] ?? user.claims['client_id'];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function refusal(status: number, detail: string): Failure {
  return { ok: false, status, problem: problem(status, detail) };
}

type Ingested =
  | { readonly outcome: 'handled' | 'duplicate' | 'failed' }
  /** A store the receiver needs (its de-duplication store, or one its handler needs) is unavailable. */
  | { readonly outcome: 'unavailable'; readonly detail: string }
  /** `retryAfterSeconds`: what is left of the processing mark, at least 1. */
  | { readonly outcome: 'in-progress'; readonly retryAfterSeconds: number };

/**
 * The de-duplication key holds `processing` while a handler runs and `done` once it succeeded. A sender
 * that timed out and redelivers while the first handler still runs must not be told "already processed":
 * if that handler then failed, the event would be lost. It is told when the mark expires instead, which is
 * when a receiver that crashed mid-handler takes the event again.
 */
async function ingest(options: EventIngestionOptions, event: CloudEvent): Promise<Ingested> {
  const { redis, logger } = options;
  const key = `${options.service}:cloudevents:seen:${encodeURIComponent(event.source)}:${encodeURIComponent(event.id)}`;
  const fields = { eventId: event.id, type: event.type, source: event.source };
  try {
    const fresh = await redis.set(key, PROCESSING, 'EX', options.processingTtlSeconds ?? 60, 'NX');
    if (fresh === null) {
      const [value, ttlMs] = await markOf(redis, key);
      if (value === DONE) {
        logger?.debug(fields, 'duplicate CloudEvent ignored');
        return { outcome: 'duplicate' };
      }
      // Gone meanwhile (no TTL) means a handler just failed and released it: the next try is processed.
      return { outcome: 'in-progress', retryAfterSeconds: Math.max(1, Math.ceil(ttlMs / 1000)) };
    }
  } catch (error) {
    logger?.error({ ...fields, err: error }, 'CloudEvent de-duplication store unavailable');
    return { outcome: 'unavailable', detail: 'events cannot be de-duplicated right now; retry later' };
  }
  try {
    // The sender's trace continues here (the CloudEvents distributed-tracing extension).
    const traceparent = (event as unknown as Record<string, unknown>)['traceparent'];
    await inSpan(
      `receive ${event.type}`,
      SpanKind.CONSUMER,
      { 'cloudevents.event_type': event.type, 'cloudevents.event_id': event.id },
      () => options.mediator.dispatchIntegrationEvent(toIntegrationEvent(event)),
      typeof traceparent === 'string' ? contextOf({ traceparent }) : undefined,
    );
  } catch (error) {
    logger?.error({ ...fields, err: error }, 'CloudEvent handler failed; the sender will retry');
    // Forget the event so the retry is processed instead of being taken for a duplicate.
    await redis.del(key).catch((delError: unknown) => {
      logger?.error(
        { ...fields, err: delError },
        'could not release the de-duplication key of a failed CloudEvent',
      );
    });
    // A dependency the handler needs is down (e.g. Redis while it reconnects): 503 with Retry-After, so the
    // sender waits for it instead of taking the answer for a bug of this receiver.
    if (FrameworkError.is(error, 'unavailable')) {
      return {
        outcome: 'unavailable',
        detail: `CloudEvent ${event.id} could not be processed while a service it needs is unavailable; retry later`,
      };
    }
    return { outcome: 'failed' };
  }
  logger?.debug(fields, 'CloudEvent handled');
  try {
    await redis.set(key, DONE, 'EX', options.dedupeTtlSeconds ?? SEVEN_DAYS);
  } catch (error) {
    // Handled already: a redelivery after the processing mark expires runs the (idempotent) handler again.
    logger?.warn({ ...fields, err: error }, 'could not mark a handled CloudEvent as done');
  }
  return { outcome: 'handled' };
}

/** The mark's value and its remaining life in ms (negative when it is gone), in one round trip. */
async function markOf(redis: Redis, key: string): Promise<[string | null, number]> {
  const replies = (await redis.multi().get(key).pttl(key).exec()) ?? [];
  const [[getError, value] = [], [ttlError, ttlMs] = []] = replies;
  if (getError ?? ttlError) throw getError ?? ttlError;
  return [value as string | null, ttlMs as number];
}

/**
 * Events that came without `time`: the SDK fills it with the wall clock, and handlers must see no time
 * rather than an invented one (they date such events by the service's injected clock).
 */
const undated = new WeakSet<CloudEvent>();

function readEvents(req: Request): CloudEvent[] {
  const body: unknown = req.body;
  const contentType = String(req.headers['content-type'] ?? '').toLowerCase();
  if (contentType.startsWith(BATCH)) {
    const items = parseJson(body);
    if (!Array.isArray(items)) throw new InvalidEvents('a CloudEvents batch must be a JSON array');
    return items.map((item, index) => toValidEvent(item, `[${index}]`));
  }
  if (contentType.startsWith(STRUCTURED)) return [toValidEvent(parseJson(body), '')];
  if (!req.headers['ce-id']) {
    throw new InvalidEvents(
      `no CloudEvent found: no ce-id header and content-type is not ${STRUCTURED} or ${BATCH}`,
    );
  }
  requireRaw(
    { id: req.headers['ce-id'], specversion: req.headers['ce-specversion'], type: req.headers['ce-type'] },
    '',
  );
  // The data is read here, not by the SDK, whose JSON parser builds two errors for every event it reads.
  const attributes = HTTP.toEvent({ headers: req.headers, body: undefined }) as CloudEvent;
  // An app-wide JSON parser may have run first and left an object; an empty text body means no data.
  const event =
    body === '' || body === undefined
      ? attributes
      : (attributes.cloneWith({ data: dataOf(attributes.datacontenttype, body) }, false) as CloudEvent);
  if (req.headers['ce-time'] === undefined) undated.add(event);
  return [validated(event, '')];
}

/** Binary-mode data: parsed when its content type is JSON (a syntax error refuses the request), else as sent. */
function dataOf(contentType: string | undefined, body: unknown): unknown {
  return typeof body === 'string' && JSON_CONTENT.test(contentType ?? '') ? JSON.parse(body) : body;
}

function toValidEvent(raw: unknown, at: string): CloudEvent {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InvalidEvents(`CloudEvent${at} must be a JSON object`);
  }
  const attributes = raw as Record<string, unknown>;
  requireRaw(attributes, at);
  const event = new CloudEvent(attributes, false);
  if (attributes['time'] === undefined) undated.add(event);
  return validated(event, at);
}

/**
 * Checks the attributes the SDK would silently fill in: an invented id would defeat de-duplication on
 * the sender's id, and a defaulted specversion would accept events of an unknown version.
 */
function requireRaw(attributes: Record<string, unknown>, at: string): void {
  const errors: FieldError[] = [];
  if (typeof attributes['id'] !== 'string' || attributes['id'] === '') {
    errors.push({ path: join(at, 'id'), message: 'is required' });
  }
  if (attributes['specversion'] !== '1.0') {
    errors.push({
      path: join(at, 'specversion'),
      message: `must be 1.0, not ${String(attributes['specversion'])}`,
    });
  }
  if (errors.length > 0) {
    throw new InvalidEvents(`CloudEvent${at} is not a valid CloudEvent 1.0`, errors, typeOf(attributes));
  }
}

function validated(event: CloudEvent, at: string): CloudEvent {
  try {
    event.validate();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new InvalidEvents(
      `CloudEvent${at} ${event.id} is not valid`,
      fieldErrors(error, at),
      typeOf(event),
    );
  }
  return event;
}

function parseJson(body: unknown): unknown {
  if (typeof body !== 'string' || body === '') throw new InvalidEvents('the request has no body');
  try {
    return JSON.parse(body);
  } catch {
    throw new InvalidEvents('the request body is not valid JSON');
  }
}

/** Turns the SDK's schema errors (ajv objects or strings) into the problem document's field errors. */
function fieldErrors(error: ValidationError, at: string): FieldError[] {
  return (error.errors ?? [error.message]).map((item) => {
    if (typeof item === 'string') return { path: at, message: item };
    const missing = (item.params as { missingProperty?: string }).missingProperty;
    const field = missing ?? item.instancePath.replace(/^\//, '').replaceAll('/', '.');
    return { path: join(at, field), message: item.message ?? item.keyword };
  });
}

function asInvalid(error: unknown): InvalidEvents {
  if (error instanceof InvalidEvents) return error;
  // Parse errors of the SDK (bad ce-time, non-JSON data with a JSON content type, ...).
  return new InvalidEvents(`no valid CloudEvent in the request: ${(error as Error).message}`);
}

function typeOf(event: { type?: unknown }): string {
  return typeof event.type === 'string' && event.type !== '' ? event.type : 'unknown';
}

function join(at: string, field: string): string {
  return at && field ? `${at}.${field}` : at || field;
}

function toIntegrationEvent(event: CloudEvent): IntegrationEvent {
  return {
    id: event.id,
    source: event.source,
    type: event.type,
    subject: event.subject,
    time: undated.has(event) ? undefined : event.time,
    data: event.data,
  };
}

function sendProblem(
  res: Response,
  status: number,
  detail: string,
  errors: readonly FieldError[] = [],
): void {
  sendDocument(res, problem(status, detail, errors.length > 0 ? { errors } : {}));
}

/** Every 503 and 429 carries `Retry-After`, so the sender waits instead of spending an attempt. */
function sendDocument(res: Response, body: ProblemDetails): void {
  if ((body.status === 503 || body.status === 429) && !res.get('Retry-After')) {
    res.set('Retry-After', String(DEFAULT_RETRY_AFTER_SECONDS));
  }
  res.status(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
}
