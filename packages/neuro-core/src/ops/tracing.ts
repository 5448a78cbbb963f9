import {
  type Context,
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
 * Runs `work` in a new active span (child of `parent`, else of the active context), records a thrown error
 * on it and ends it. Without a registered provider (no OTEL_EXPORTER_OTLP_ENDPOINT) the span is a no-op and
 * this costs next to nothing.
 */
export function inSpan<T>(
  name: string,
  kind: SpanKind,
  attributes: Record<string, string | number | boolean>,
  work: (span: Span) => Promise<T>,
  parent?: Context,
): Promise<T> {
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
  propagation.inject(context.active(), headers);
  return headers;
}

/** An incoming HTTP request's span: `run` calls the rest of the request in it, `end` closes it. */
export interface ServerSpan {
  run(next: () => void): void;
  end(route: string, status: number): void;
}

/** Starts the span of an incoming HTTP request, continuing the caller's `traceparent` header if any. */
export function startServerSpan(method: string, headers: Record<string, unknown>): ServerSpan {
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
