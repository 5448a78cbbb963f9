import fc from 'fast-check';

/** One operation of a service's OpenAPI document. */
export interface Route {
  readonly method: string;
  /** The path template, e.g. `/api/lablet-sessions/{id}`. */
  readonly path: string;
}

/** One generated request, before it is sent. */
export interface HostileRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  /** A short name of the body kind, for failure messages (a 2 MB body is not printed). */
  readonly kind: string;
}

const TWO_MB = `{"name":"${'x'.repeat(2 * 1024 * 1024)}"}`;
const DEEP_ARRAY = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
const DEEP_OBJECT = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
const POLLUTING = [
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"definitionName":"two-router-basics","durationMinutes":30,"__proto__":{"polluted":"yes"}}',
  '{"data":{"__proto__":{"polluted":"yes"}},"constructor":{"prototype":{"polluted":"yes"}}}',
  '[{"__proto__":{"polluted":"yes"}}]',
];

/** The routes of an OpenAPI 3 document. */
export function routesOf(document: { paths?: Record<string, Record<string, unknown>> }): Route[] {
  const methods = new Set(['get', 'post', 'put', 'patch', 'delete']);
  return Object.entries(document.paths ?? {}).flatMap(([path, operations]) =>
    Object.keys(operations)
      .filter((method) => methods.has(method))
      .map((method) => ({ method: method.toUpperCase(), path })),
  );
}

/** A value for a path parameter: well-formed, or traversal, unicode, prototype names, huge. */
const pathSegment: fc.Arbitrary<string> = fc.oneof(
  fc.uuid(),
  fc.constantFrom(
    '..%2F..%2F..%2Fetc%2Fpasswd',
    '..',
    '%2e%2e%2f%2e%2e%2f',
    '__proto__',
    'constructor',
    'prototype',
    '%00',
    '%E2%80%AE',
    '%F0%9F%92%A5',
    '%ZZ',
    'x'.repeat(5_000),
    '-1',
    '1e309',
  ),
  fc.string({ unit: 'grapheme', maxLength: 20 }).map(encodeURIComponent),
);

/** A query string that tries prototype keys and repeated, nested and odd parameters. */
const query: fc.Arbitrary<string> = fc.oneof(
  fc.constant(''),
  fc.constantFrom(
    '?__proto__[polluted]=yes',
    '?constructor[prototype][polluted]=yes',
    '?__proto__.polluted=yes',
    '?limit=-1&offset=abc',
    '?limit=99999999999999999999',
    '?status=READY&status=PENDING&status[]=x',
    '?a[b][c][d][e][f][g]=1',
  ),
  fc
    .dictionary(fc.string({ maxLength: 10 }), fc.string({ unit: 'grapheme', maxLength: 20 }), { maxKeys: 3 })
    .map((params) => `?${new URLSearchParams(params).toString()}`),
);

/** A body and the kind it is, for the failure message. */
const body: fc.Arbitrary<{ body?: string; kind: string }> = fc.oneof(
  { weight: 6, arbitrary: fc.jsonValue().map((value) => ({ body: JSON.stringify(value), kind: 'json' })) },
  { weight: 3, arbitrary: fc.constantFrom(...POLLUTING).map((text) => ({ body: text, kind: 'prototype' })) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary' }).map((text) => ({ body: text, kind: 'unicode' })) },
  {
    weight: 3,
    arbitrary: fc
      .record({
        definitionName: fc.oneof(
          fc.string(),
          fc.integer(),
          fc.constant(null),
          fc.constant('two-router-basics'),
        ),
        durationMinutes: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null)),
        name: fc.oneof(fc.string({ unit: 'grapheme' }), fc.array(fc.string())),
        reason: fc.string({ unit: 'binary', maxLength: 100 }),
      })
      .map((value) => ({ body: JSON.stringify(value), kind: 'wrong types' })),
  },
  { weight: 1, arbitrary: fc.constant({ body: TWO_MB, kind: '2 MB' }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(DEEP_ARRAY, DEEP_OBJECT).map((text) => ({ body: text, kind: 'deep' })),
  },
  { weight: 2, arbitrary: fc.constant({ body: undefined, kind: 'none' }) },
);

const contentType: fc.Arbitrary<string | undefined> = fc.constantFrom(
  'application/json',
  'application/json',
  'application/json; charset=utf-16',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/merge-patch+json',
  undefined,
);

/** A request to one of the published routes. */
export function routeRequest(
  routes: readonly Route[],
  tokens: readonly string[],
): fc.Arbitrary<HostileRequest> {
  return fc
    .record({
      route: fc.constantFrom(...routes),
      segment: pathSegment,
      query,
      body,
      contentType,
      token: fc.constantFrom(...tokens, ''),
      method: fc.option(fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'), { freq: 5 }),
    })
    .map(
      ({ route, segment, query: search, body: { body: text, kind }, contentType: type, token, method }) => ({
        method: method ?? route.method,
        path: route.path.replace(/\{[^}]+\}/g, segment) + search,
        headers: { ...(type ? { 'content-type': type } : {}), ...(token ? { authorization: token } : {}) },
        body: text,
        kind,
      }),
    );
}

const headerValue = fc.oneof(
  fc.stringMatching(/^[\x20-\x7e]{0,40}$/),
  fc.constantFrom(
    '1.0',
    '0.3',
    '',
    '__proto__',
    'io.lcm.session.created.v1',
    'io.lcm.worker.status-changed.v1',
  ),
);

/** A CloudEvent-ish delivery to `/events` in binary, structured or batch content mode. */
export function eventsRequest(tokens: readonly string[]): fc.Arbitrary<HostileRequest> {
  const binary = fc
    .record({
      headers: fc.record(
        {
          'ce-id': headerValue,
          'ce-source': headerValue,
          'ce-type': headerValue,
          'ce-specversion': headerValue,
          'ce-subject': headerValue,
          'ce-time': headerValue,
        },
        { requiredKeys: [] },
      ),
      body,
    })
    .map(({ headers, body: { body: text, kind } }) => ({
      headers: { 'content-type': 'application/json', ...headers },
      body: text,
      kind: `binary ${kind}`,
    }));
  const event = fc.record(
    {
      id: fc.oneof(fc.uuid(), fc.string(), fc.integer()),
      source: fc.oneof(fc.constantFrom('worker-manager', 'lab-manager', 'session-manager'), fc.string()),
      type: fc.oneof(
        fc.constantFrom(
          'io.lcm.session.created.v1',
          'io.lcm.worker.status-changed.v1',
          'io.lcm.lab.ready.v1',
        ),
        fc.string(),
      ),
      specversion: fc.constantFrom('1.0', '0.3', 1),
      data: fc.oneof(
        fc.jsonValue(),
        fc.constantFrom(...POLLUTING).map((text) => JSON.parse(text) as unknown),
      ),
      datacontenttype: fc.constantFrom('application/json', 'text/plain'),
    },
    { requiredKeys: [] },
  );
  const structured = fc.oneof(
    event.map((value) => ({ body: JSON.stringify(value), kind: 'structured event' })),
    body.map(({ body: text, kind }) => ({ body: text, kind: `structured ${kind}` })),
  );
  const batch = fc.oneof(
    fc.array(event, { maxLength: 5 }).map((value) => ({ body: JSON.stringify(value), kind: 'batch events' })),
    body.map(({ body: text, kind }) => ({ body: text, kind: `batch ${kind}` })),
  );
  return fc
    .record({
      mode: fc.oneof(
        binary,
        structured.map((value) => ({
          ...value,
          headers: { 'content-type': 'application/cloudevents+json' },
        })),
        batch.map((value) => ({
          ...value,
          headers: { 'content-type': 'application/cloudevents-batch+json' },
        })),
      ),
      token: fc.constantFrom(...tokens, ''),
    })
    .map(({ mode, token }) => ({
      method: 'POST',
      path: '/events',
      headers: { ...mode.headers, ...(token ? { authorization: token } : {}) },
      body: mode.body,
      kind: mode.kind,
    }));
}
