import { LabEventTypes, SessionEventTypes } from '@lcm/contracts';
import { type StopTracing, startTracing } from '@lcm/neuro-core/hosting';
import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node';
import { PlaceSessionsCommand } from '../application/commands/place-sessions.command';
import { AdvanceSessionTimersCommand } from '../application/commands/advance-session-timers.command';
import {
  type SessionManagerFixture,
  defineLablet,
  reportWorker,
  startSessionManager,
} from '../testing/service-fixture';

const traceIdOf = (traceparent: unknown) => String(traceparent).split('-')[1];

describe('trace context in CloudEvents (the distributed-tracing extension)', () => {
  let f: SessionManagerFixture;
  let stopTracing: StopTracing;

  beforeAll(async () => {
    stopTracing = await startTracing('session-manager', {}, new InMemorySpanExporter());
  });

  afterAll(async () => {
    await stopTracing();
    trace.disable();
    propagation.disable();
    context.disable();
  });

  beforeEach(async () => {
    f = await startSessionManager();
    await defineLablet(f.svc);
  });

  afterEach(async () => {
    await f?.svc.close();
  });

  it("carries a session request's trace into its event, and continues another service's trace into the events it causes", async () => {
    // A portal calls with its own trace: the session's first event carries that trace id.
    const portalTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const requested = await f.svc.http
      .post('/api/lablet-sessions')
      .set({
        authorization: f.svc.token('user', 'alice'),
        traceparent: `00-${portalTrace}-00f067aa0ba902b7-01`,
      })
      .send({ definitionName: 'ccna-lab', durationMinutes: 30 });
    expect(requested.status).toBe(201);
    const sessionId: string = requested.body.id;
    const [created] = f.svc.publishedEvents(SessionEventTypes.created);
    expect(traceIdOf(created.traceparent)).toBe(portalTrace);

    // lab-manager's lab.ready arrives with lab-manager's trace (ce-traceparent, as its delivery sends it):
    // the session.ready that session-manager emits for it continues that trace.
    const workerId = await reportWorker(f.svc);
    await f.svc.mediator.execute(new PlaceSessionsCommand('spec'));
    await f.svc.mediator.execute(new AdvanceSessionTimersCommand());
    const labTrace = '0af7651916cd43dd8448eb211c80319c';
    const ready = await f.svc.http
      .post('/events')
      .set({
        'ce-specversion': '1.0',
        'ce-id': 'lab-ready-1',
        'ce-source': '/lab-manager',
        'ce-type': LabEventTypes.ready,
        'ce-traceparent': `00-${labTrace}-b7ad6b7169203331-01`,
        'content-type': 'application/json',
        authorization: f.svc.serviceToken('lab-manager'),
      })
      .send(
        JSON.stringify({
          sessionId,
          labRecordId: 'lab-1',
          workerId,
          cmlLabId: 'cml-1',
          accessUrl: 'https://10.0.0.5/lab/cml-1',
          username: 'lcm-alice',
          ports: { PORT_SERIAL_1: 2001, PORT_SERIAL_2: 2002 },
        }),
      );
    expect(ready.status).toBe(202);
    const [sessionReady] = f.svc.publishedEvents(SessionEventTypes.ready);
    expect(traceIdOf(sessionReady.traceparent)).toBe(labTrace);
  });
});
