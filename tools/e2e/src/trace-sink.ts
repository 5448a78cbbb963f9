import { BodySink } from './body-sink';

/** One span as an OTLP exporter sent it, with the service it came from. */
export interface SeenSpan {
  readonly service: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
}

interface OtlpValue {
  readonly stringValue?: string;
}

interface OtlpExport {
  readonly resourceSpans?: ReadonlyArray<{
    readonly resource?: { readonly attributes?: ReadonlyArray<{ key: string; value: OtlpValue }> };
    readonly scopeSpans?: ReadonlyArray<{
      readonly spans?: ReadonlyArray<{
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
      }>;
    }>;
  }>;
}

/**
 * An OTLP/HTTP collector for tests: the services' OTEL_EXPORTER_OTLP_ENDPOINT, keeping every span they
 * export (`POST /v1/traces`, the JSON encoding the services' exporter sends, ids in hex).
 */
export class TraceSink {
  readonly spans: SeenSpan[] = [];
  private readonly sink = new BodySink((req, body, res) => {
    if (req.url === '/v1/traces' && body) this.keep(JSON.parse(body) as OtlpExport);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });

  /** Starts listening; returns the endpoint to give as OTEL_EXPORTER_OTLP_ENDPOINT. */
  start(): Promise<string> {
    return this.sink.start();
  }

  /** The spans of one trace. */
  of(traceId: string): SeenSpan[] {
    return this.spans.filter((span) => span.traceId === traceId);
  }

  close(): Promise<void> {
    return this.sink.close();
  }

  private keep(exported: OtlpExport): void {
    for (const { resource, scopeSpans } of exported.resourceSpans ?? []) {
      const service =
        resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? 'unknown';
      for (const scope of scopeSpans ?? []) {
        for (const span of scope.spans ?? []) {
          this.spans.push({
            service,
            traceId: span.traceId,
            spanId: span.spanId,
            ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
            name: span.name,
          });
        }
      }
    }
  }
}
