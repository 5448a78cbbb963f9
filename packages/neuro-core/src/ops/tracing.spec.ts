import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node';
import { startTracing } from './start-tracing';
import { SpanKind, activeTraceparent, inSpan, startServerSpan, withTraceHeaders } from './tracing';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('tracing helpers', () => {
  it('without tracing, runs the work with a span that records nothing and passes results and errors through', async () => {
    const recorded = await inSpan('q', SpanKind.INTERNAL, {}, async (span) => span.isRecording());
    const failing = inSpan('q', SpanKind.INTERNAL, {}, () => {
      throw new Error('boom');
    });
    const server = startServerSpan('GET', { traceparent: TRACEPARENT });
    let ran = false;
    server.run(() => (ran = true));
    server.end('/api/x', 200);

    expect(recorded).toBe(false);
    await expect(failing).rejects.toThrow('boom');
    expect(ran).toBe(true);
    expect(activeTraceparent()).toBeUndefined();
    expect(withTraceHeaders({ a: '1' })).toEqual({ a: '1' });
  });

  it('once startTracing registered a provider, records spans and continues the caller trace', async () => {
    const exporter = new InMemorySpanExporter();
    const stop = await startTracing('spec', {}, exporter);
    try {
      const server = startServerSpan('GET', { traceparent: TRACEPARENT });
      let traceparent: string | undefined;
      let headers: Record<string, string> = {};
      await new Promise<void>((resolve) =>
        server.run(() => {
          void inSpan('q', SpanKind.INTERNAL, { 'lcm.request': 'q' }, async () => {
            traceparent = activeTraceparent();
            headers = withTraceHeaders({});
          }).then(resolve);
        }),
      );
      server.end('/api/x', 200);

      // The caller's trace, in a span of its own that is sampled (recorded), not the caller's span.
      const [, traceId, spanId, flags] = (traceparent ?? '').split('-');
      expect(traceId).toBe(TRACEPARENT.split('-')[1]);
      expect(spanId).not.toBe(TRACEPARENT.split('-')[2]);
      expect(flags).toBe('01');
      expect(headers['traceparent']).toBe(traceparent);
    } finally {
      await stop();
    }
  });
});
