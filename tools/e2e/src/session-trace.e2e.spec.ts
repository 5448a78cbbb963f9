import { eventually } from '@lcm/neuro-core/testing';
import { EventSpy, type SeenEvent } from './event-spy';
import { LcmSystem, QUICK_TIMINGS } from './lcm-system';
import { type SeenSpan, TraceSink } from './trace-sink';
import { call, withSystemLines } from './api-call';
import { createRunningWorker, offeredOnRunningWorkers } from './worker-steps';

const traceIdOf = (traceparent: unknown) => String(traceparent).split('-')[1];

/** The spans of a trace by service, for failure messages. */
const byService = (spans: readonly SeenSpan[]) =>
  JSON.stringify(
    spans.reduce<Record<string, string[]>>(
      (all, s) => ({ ...all, [s.service]: [...(all[s.service] ?? []), s.name] }),
      {},
    ),
    null,
    1,
  );

// docs/operations.md#tracing: a session request on a running fleet is one trace across the three services,
// from the portal's request through placement (a queued job) to the lab's import and start in lab-manager
// (queued jobs) and worker-manager's bookkeeping of the session, exported over OTLP as `npm start` would.
describe('one session request is one trace, with every service in its own process', () => {
  const spy = new EventSpy();
  const sink = new TraceSink();
  const system = new LcmSystem();

  beforeAll(async () => {
    await system.start({
      K_SINK: await spy.start(),
      ...QUICK_TIMINGS,
      OTEL_EXPORTER_OTLP_ENDPOINT: await sink.start(),
      // export every 200 ms instead of every 5 s
      OTEL_BSP_SCHEDULE_DELAY: '200',
      // Only the run a request queues places sessions: the periodic loop, in a trace of its own, could take
      // the session first (as it may in production; docs/operations.md#tracing says what is in one trace).
      PLACEMENT_INTERVAL_SECONDS: '3600',
    });
  }, 120_000);

  afterAll(async () => {
    await system.stop();
    await Promise.all([spy.close(), sink.close()]);
  });

  it("carries the portal's trace from the request through placement to lab-manager and worker-manager", async () => {
    await withSystemLines(() => system.tail(40), followOneRequest);
  }, 180_000);

  async function followOneRequest(): Promise<void> {
    const workers = system.url('workerManager');
    const sessions = system.url('sessionManager');
    const operator = await system.token('ops', ['admin']);
    const alice = await system.token('alice', ['user']);

    // A worker is RUNNING and offered before the request, as on a fleet that is up.
    const workerId = await createRunningWorker(workers, operator, spy);
    await eventually(
      async () => (await offeredOnRunningWorkers(sessions, alice)) > 0,
      30_000,
      'session-manager offering the worker',
    );
    // The placement run the worker's coming up queued is over, so the run the request queues is the one
    // that places its session.
    await eventually(
      async () => {
        const metrics = await (await fetch(`${sessions}/metrics`)).text();
        return /^lcm_job_duration_seconds_count\{[^}]*job="placement-now"[^}]*\} [1-9]/m.test(metrics);
      },
      30_000,
      "the worker's placement run done",
    );

    // A portal asks for a session within its own trace.
    const trace = '5e55104c0ffee0000000000000000001';
    const requested = await call(
      `${sessions}/api/lablet-sessions`,
      alice,
      'POST',
      { definitionName: 'two-router-basics', durationMinutes: 30 },
      { traceparent: `00-${trace}-00f067aa0ba902b7-01` },
    );
    expect(requested.status).toBe(201);
    const sessionId = String(requested.body.id);
    await spy.waitFor('io.lcm.session.ready.v1', (e) => e.subject === sessionId, 90_000);

    // The events of its creation and of its placement (a queued job) carry that trace. Its lab's start, and
    // so lab.ready and session.ready, joins it only when the import (in this trace) comes after the timers'
    // sweep made the session INSTANTIATING (in the sweep's trace): whichever comes last queues the start.
    const ofSession = (e: SeenEvent) => e.subject === sessionId;
    const sessionCreated = await spy.waitFor('io.lcm.session.created.v1', ofSession);
    expect(traceIdOf(sessionCreated.traceparent)).toBe(trace);
    const scheduled = await spy.waitFor('io.lcm.session.scheduled.v1', ofSession);
    expect(scheduled.data['workerId']).toBe(workerId);
    expect(traceIdOf(scheduled.traceparent)).toBe(trace);

    // Every service's spans of it are in the one trace: the request and its queued placement run in
    // session-manager, the lab's import (a queued job) in lab-manager, the session's events received by
    // worker-manager.
    await eventually(
      () => {
        const spans = sink.of(trace);
        const has = (service: string, name: RegExp) =>
          spans.some((s) => s.service === service && name.test(s.name));
        return (
          has('session-manager', /^POST \/api\/lablet-sessions$/) &&
          has('session-manager', /^job placement-now$/) &&
          has('lab-manager', /^receive io\.lcm\.session\.scheduled\.v1$/) &&
          has('lab-manager', /^job lab-import$/) &&
          has('worker-manager', /^receive io\.lcm\.session\.scheduled\.v1$/)
        );
      },
      30_000,
      () => `the trace's spans in all three services (seen: ${byService(sink.of(trace))})`,
    );
  }
});
