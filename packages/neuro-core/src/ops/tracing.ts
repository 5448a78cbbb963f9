import {
  type Context,
  INVALID_SPAN_CONTEXT,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  context,
  propagation,
  trace,
} from '@opentelemetry/api';

/** The tracer every neuro-core span comes from; a no-op until `startTracing` registers a provider. */
const tracer = () => trace.getTracer('lcm-neuro-core');

/**
 * Whether `startTracing` registered a provider. Until it does, every span and propagator of the API is a
 * no-op, yet calling them still builds a context, a span and closures per request (a few percent of a
 * small request, `npm run bench -- framework`): without tracing the helpers below skip the API.
 */
let tracing = false;

/** Called by `startTracing` once its provider and propagator are registered. */
export function tracingStarted(): void {
  tracing = true;
}

/** What `work` gets while nothing is traced: a span that records nothing, as the API's no-op tracer gives. */
const NO_SPAN = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/**
 * Runs `work` in a new active span (child of `parent`, else of the active context), records a thrown error
 * on it and ends it. Until `startTracing` registered a provider (no OTEL_EXPORTER_OTLP_ENDPOINT), `work` just
 * runs, with a span that records nothing.
 */
export function inSpan<T>(
  name: string,
  kind: SpanKind,
  attributes: Record<string, string | number | boolean>,
  work: (span: Span) => Promise<T>,
  parent?: Context,
): Promise<T> {
  if (!tracing) {
    try {
      return work(NO_SPAN);
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }
  return tracer().startActiveSpan(name, { kind, attributes }, parent ?? context.active(), async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * The W3C `traceparent` of the active span (what CloudEvents carry in their distributed-tracing extension),
 * or undefined when nothing is traced.
 */
export function activeTraceparent(): string | undefined {
  return activeTraceCarrier()['traceparent'];
}

/** The context a `traceparent` (from a CloudEvent or an HTTP header) continues; the active one without it. */
export function contextOf(headers: Record<string, unknown>): Context {
  return propagation.extract(context.active(), headers);
}

/**
 * The active trace context as a W3C carrier (`traceparent`, and `tracestate` when set), for work queued
 * now and run later elsewhere; empty when nothing is traced.
 */
export function activeTraceCarrier(): Record<string, string> {
  const carrier: Record<string, string> = {};
  if (!tracing) return carrier;
  propagation.inject(context.active(), carrier);
  return carrier;
}

/**
 * The context a carrier continues, or a new root when it carries none. Unlike `contextOf` it never falls
 * back to the active context: a job run must belong to the trace that queued it, not to whatever span
 * happened to be active when its worker started.
 */
export function queuedContextOf(carrier: Record<string, unknown>): Context {
  return propagation.extract(ROOT_CONTEXT, carrier);
}

/** Adds the active trace context to outgoing HTTP headers (`traceparent`, `tracestate`). */
export function withTraceHeaders(headers: Record<string, string>): Record<string, string> {
  if (!tracing) return headers;
  propagation.inject(context.active(), headers);
  return headers;
}

/** An incoming HTTP request's span: `run` calls the rest of the request in it, `end` closes it. */
export interface ServerSpan {
  run(next: () => void): void;
  end(route: string, status: number): void;
}

/** The span of every request while nothing is traced. */
const NO_SERVER_SPAN: ServerSpan = { run: (next) => next(), end: () => undefined };

/** Starts the span of an incoming HTTP request, continuing the caller's `traceparent` header if any. */
export function startServerSpan(method: string, headers: Record<string, unknown>): ServerSpan {
  if (!tracing) return NO_SERVER_SPAN;
  const parent = contextOf(headers);
  const span = tracer().startSpan(
    method,
    { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } },
    parent,
  );
  const active = trace.setSpan(parent, span);
  return {
    run: (next) => context.with(active, next),
    end: (route, status) => {
      span.updateName(`${method} ${route}`);
      span.setAttributes({ 'http.route': route, 'http.response.status_code': status });
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    },
  };
}

/** `fetch` in a client span whose trace context goes along in the request's `traceparent` header. */
export function tracedFetch(input: string | URL, init: RequestInit = {}): Promise<Response> {
  if (!tracing) return fetch(input, init);
  const url = new URL(input);
  const method = init.method ?? 'GET';
  return inSpan(
    `${method} ${url.host}`,
    SpanKind.CLIENT,
    { 'http.request.method': method, 'server.address': url.host },
    async (span) => {
      const headers = new Headers(init.headers);
      for (const [name, value] of Object.entries(withTraceHeaders({}))) headers.set(name, value);
      const response = await fetch(input, { ...init, headers });
      span.setAttribute('http.response.status_code', response.status);
      return response;
    },
  );
}

export { SpanKind };
