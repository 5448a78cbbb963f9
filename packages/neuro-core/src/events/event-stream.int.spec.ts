import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { OutboxEntry } from '../data/outbox';
import type { CommonSettings } from '../service/common-settings';
import type { ServiceDefinition } from '../service/service-definition';
import { deleteRedisKeys } from '../testing/delete-redis-keys';
import { eventually } from '../testing/eventually';
import { notesService } from '../testing/example/example-services';
import { mingoDb } from '../testing/mingo-db';
import { type TestService, startTestService } from '../testing/start-test-service';
import { EventStream } from './event-stream';

/** An open `GET /api/events/stream`, read as a browser would. */
interface OpenStream {
  readonly status: number;
  readonly events: Array<{ id: string; event: OutboxEntry }>;
  /** Resolves when the server ends the response. */
  readonly ended: Promise<void>;
  close(): void;
}

async function openStream(url: string, headers: Record<string, string>, query = ''): Promise<OpenStream> {
  const abort = new AbortController();
  const response = await fetch(`${url}/api/events/stream${query}`, { headers, signal: abort.signal });
  const events: OpenStream['events'] = [];
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const ended = (async () => {
    if (!reader || response.status !== 200) return;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end).split('\n');
          buffer = buffer.slice(end + 2);
          const id = block.find((line) => line.startsWith('id: '))?.slice(4);
          const data = block.find((line) => line.startsWith('data: '))?.slice(6);
          if (id && data) events.push({ id, event: JSON.parse(data) as OutboxEntry });
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return { status: response.status, events, ended, close: () => abort.abort() };
}

const titles = (stream: OpenStream) => stream.events.map(({ event }) => event.data['title']);

/** The notes service, where a reader sees the notes titled with their own name. */
const notesWithVisibility: ServiceDefinition = {
  ...notesService,
  eventVisibility: (event, user) => event.data['title'] === user.sub,
};

describe('GET /api/events/stream on two replicas sharing one Redis prefix', () => {
  const prefix = `test-event-stream-${randomUUID().slice(0, 8)}`;
  let a: TestService<CommonSettings>;
  let b: TestService<CommonSettings>;
  const open: OpenStream[] = [];

  const createNote = async (title: string) => {
    await a.http
      .post('/api/notes')
      .set('authorization', a.token('writer'))
      .send({ id: randomUUID(), title })
      .expect(201);
  };
  const stream = async (
    service: TestService<CommonSettings>,
    headers: Record<string, string>,
    query = '',
  ) => {
    const opened = await openStream(service.url, headers, query);
    open.push(opened);
    return opened;
  };

  beforeAll(async () => {
    const database = mingoDb();
    const env = { REDIS_PREFIX: prefix, OUTBOX_POLL_MS: '50' };
    [a, b] = (await Promise.all(
      [1, 2].map(() => startTestService(notesWithVisibility, { database, env })),
    )) as [TestService<CommonSettings>, TestService<CommonSettings>];
  });

  afterEach(() => open.splice(0).forEach((stream) => stream.close()));

  afterAll(async () => {
    await Promise.all([a, b].map((replica) => replica?.close()));
    await deleteRedisKeys('redis://127.0.0.1:6379', prefix);
  });

  it('streams to an admin on one replica the events saved on the other, each once, with its stream id', async () => {
    const admin = await stream(b, { authorization: b.token('admin') });
    expect(admin.status).toBe(200);
    await createNote('first');
    await createNote('second');
    await eventually(() => admin.events.length >= 2, 10_000, 'two events on the stream');
    expect(titles(admin)).toEqual(['first', 'second']);
    expect(admin.events[0]?.event).toMatchObject({ type: 'io.example.note.created.v1', source: '/notes' });
    expect(EventStream.isId(admin.events[0]?.id ?? '')).toBe(true);
  });

  it('resumes after Last-Event-ID with what the caller missed, then follows live', async () => {
    const first = await stream(a, { authorization: a.token('admin') }, '?tail=1');
    await eventually(() => first.events.length === 1, 5000, 'the tail event');
    const seen = first.events[0]?.id as string;
    first.close();
    await createNote('missed');

    const resumed = await stream(b, { authorization: b.token('admin'), 'last-event-id': seen });
    await eventually(() => resumed.events.length === 1, 10_000, 'the missed event');
    await createNote('live');
    await eventually(() => resumed.events.length === 2, 10_000, 'the live event');
    expect(titles(resumed)).toEqual(['missed', 'live']);
  });

  it("shows a caller who is not an admin only what the service's visibility allows", async () => {
    const alice = await stream(a, { authorization: a.token('reader', 'alice') });
    const admin = await stream(a, { authorization: a.token('admin') });
    await createNote('bob');
    await createNote('alice');
    await eventually(() => admin.events.length === 2, 10_000, 'both events for the admin');
    await eventually(() => alice.events.length === 1, 5000, "alice's event");
    expect(titles(alice)).toEqual(['alice']);
  });

  it('refuses a missing token (401) and a malformed Last-Event-ID or tail (400), as problem+json', async () => {
    await b.http
      .get('/api/events/stream')
      .expect(401)
      .expect('content-type', /problem\+json/);
    await b.http
      .get('/api/events/stream')
      .set({ authorization: b.token('admin'), 'last-event-id': 'yesterday' })
      .expect(400);
    await b.http.get('/api/events/stream?tail=-1').set('authorization', b.token('admin')).expect(400);
  });

  it('hands a token from the role picker (POST /oauth/dev-login) that the stream accepts, and never a service role', async () => {
    const login = await a.http.post('/oauth/dev-login').send({ role: 'admin' }).expect(200);
    const token = login.body.access_token as string;
    const admin = await stream(a, { authorization: `Bearer ${token}` });
    expect(admin.status).toBe(200);
    await a.http.post('/oauth/dev-login').send({ role: 'service' }).expect(400);
  });
});

describe('the event stream of one service', () => {
  const prefix = `test-event-stream-own-${randomUUID().slice(0, 8)}`;
  let redis: Redis;

  beforeAll(() => {
    redis = new Redis('redis://127.0.0.1:6379');
  });

  afterAll(async () => {
    redis.disconnect();
    await deleteRedisKeys('redis://127.0.0.1:6379', prefix);
  });

  const entry = (id: string): OutboxEntry => ({
    specversion: '1.0',
    id,
    source: '/notes',
    type: 'io.example.note.created.v1',
    subject: id,
    time: new Date(0).toISOString(),
    datacontenttype: 'application/json',
    data: { title: id },
  });

  it('appends an event relayed twice once, and stays about as long as its bound', async () => {
    const stream = new EventStream({ service: 'notes', connection: redis, prefix, maxLength: 50 });
    await stream.append([entry('one')]);
    await stream.append([entry('one')]);
    expect(await redis.xlen(stream.key)).toBe(1);
    await stream.append(Array.from({ length: 400 }, (_, i) => entry(`bulk-${i}`)));
    const length = await redis.xlen(stream.key);
    expect(length).toBeGreaterThanOrEqual(50);
    expect(length).toBeLessThan(250);
  });

  it('appends a batch in its order, each event once even when the batch repeats one', async () => {
    const stream = new EventStream({ service: 'notes-batch', connection: redis, prefix });
    await stream.append([entry('a'), entry('b'), entry('a'), entry('c')]);
    await stream.append([entry('c'), entry('d')]);
    expect((await stream.last(10)).map((streamed) => streamed.event.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('ends open streams when the service closes, without waiting for the drain timeout', async () => {
    const service = await startTestService(notesService, { env: { REDIS_PREFIX: `${prefix}-close` } });
    const opened = await openStream(service.url, { authorization: service.token('admin') });
    expect(opened.status).toBe(200);
    const started = Date.now();
    await service.close();
    await opened.ended;
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
