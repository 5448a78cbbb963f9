import type { SpanExporter } from '@opentelemetry/sdk-trace-node';
import { tracingStarted } from './tracing';

/** Stops tracing: flushes the spans still buffered. */
export type StopTracing = () => Promise<void>;

/**
 * Registers the process's tracer provider when OTLP export is configured (`OTEL_EXPORTER_OTLP_ENDPOINT`,
 * read by the exporter with the other standard OTEL_* variables), or when a test hands an exporter. Does
 * nothing otherwise: the SDK and the exporter are not even loaded, and every span stays a no-op. Context
 * flows through AsyncLocalStorage; `traceparent` is the W3C format.
 */
export async function startTracing(
  service: string,
  env: Record<string, string | undefined> = process.env,
  exporter?: SpanExporter,
): Promise<StopTracing> {
  if (!exporter && !env['OTEL_EXPORTER_OTLP_ENDPOINT']) return async () => undefined;
  const [
    { W3CTraceContextPropagator },
    { resourceFromAttributes },
    { BatchSpanProcessor, NodeTracerProvider },
  ] = await Promise.all([
    import('@opentelemetry/core'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/sdk-trace-node'),
  ]);
  const spanExporter =
    exporter ?? new (await import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter();
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env['OTEL_SERVICE_NAME'] ?? service }),
    spanProcessors: [new BatchSpanProcessor(spanExporter)],
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  tracingStarted();
  return () => provider.shutdown();
}
