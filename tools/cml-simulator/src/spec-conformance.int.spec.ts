import { cmlOpenApiSpec } from '@lcm/cml-client';
import { type CmlSimulator, startCmlSimulator } from './cml-simulator';
import type { Exchange } from './exchange-log';
import { specAjv, specSchemaKey } from './spec-ajv';
import { buildTopology } from './topology-builder';

/*
 * Every response the simulator sends during a scripted session that touches each endpoint it serves (happy
 * paths and CML's error answers alike) must match the spec: the status must be listed for the operation
 * (an error status may fall under `default`), and the body must validate against that response's schema,
 * or be empty when the spec gives the response no content. This is what keeps the simulator from drifting
 * away from real CML.
 */

const PLACEHOLDER_ID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
const idOf = (reply: { body: unknown }) => (reply.body as { id: string }).id;

// Simulated time: the licence registration and lab convergence delays pass only when the script says so,
// so on a busy machine a request cannot land after a delay it was meant to hit (e.g. the second
// registration and the deregistration must still find the registration in progress).
let clockMs = Date.parse('2026-01-01T00:00:00Z');
const now = () => clockMs;
const advance = (ms: number) => {
  clockMs += ms;
};

const templates = Object.keys(cmlOpenApiSpec.paths).map((template) => ({
  template,
  pattern: new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`),
  literalSegments: template.split('/').filter((s) => s && !s.startsWith('{')).length,
}));

/** The spec path template a concrete path belongs to, preferring the one with more literal segments. */
function templateOf(path: string): string | undefined {
  return templates
    .filter((t) => t.pattern.test(path))
    .sort((a, b) => b.literalSegments - a.literalSegments)[0]?.template;
}

/** What is wrong with one exchange, or undefined when it matches the spec. */
function violationOf(exchange: Exchange): string | undefined {
  const name = `${exchange.method} ${exchange.path} -> ${exchange.status}`;
  const template = templateOf(exchange.path);
  const operation = template ? cmlOpenApiSpec.paths[template][exchange.method.toLowerCase()] : undefined;
  if (!template || !operation) return `${name}: no such operation in the spec`;
  if (exchange.route && exchange.route !== template)
    return `${name}: served by ${exchange.route}, spec says ${template}`;
  if (exchange.status === null) return `${name}: never answered`;
  const key = String(exchange.status) in operation.responses ? String(exchange.status) : 'default';
  const response = operation.responses[key];
  if (!response || (key === 'default' && exchange.status < 400)) return `${name}: status not in the spec`;
  if (!response.content?.['application/json']) {
    return exchange.responseBody === undefined ? undefined : `${name}: the spec gives this response no body`;
  }
  const validate = specAjv().getSchema(
    specSchemaKey([
      'paths',
      template,
      exchange.method.toLowerCase(),
      'responses',
      key,
      'content',
      'application/json',
      'schema',
    ]),
  );
  if (!validate) return `${name}: no schema`;
  if (validate(exchange.responseBody)) return undefined;
  return `${name}: ${(validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}`;
}

describe('the simulator against the CML 2.9 spec', () => {
  let sim: CmlSimulator;
  let token = '';

  async function call(
    method: string,
    path: string,
    body?: unknown,
    as = token,
  ): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${sim.url}/api/v0${path}`, {
      method,
      headers: {
        ...(as ? { Authorization: `Bearer ${as}` } : {}),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  beforeAll(async () => {
    sim = await startCmlSimulator({ nodeBootDelayMs: 40, licenseRegistrationDelayMs: 40, now });
  });
  afterAll(() => sim.close());

  it('answers a whole scripted session only with statuses and bodies the spec defines', async () => {
    await call('GET', '/system_information', undefined, '');
    await call('POST', '/authenticate', { username: 'admin', password: 'wrong' }, '');
    await call('POST', '/authenticate', { username: 'admin' }, '');
    token = (await call('POST', '/authenticate', { username: 'admin', password: 'admin' }, ''))
      .body as string;
    await call('GET', '/authok', undefined, '');
    await call('GET', '/authok');
    await call('GET', '/system_stats');
    await call('GET', '/system_health');

    await call('GET', '/licensing');
    await call('POST', '/licensing/registration', { token: 'not a valid token!' });
    await call('POST', '/licensing/registration', { token: 'abc123' });
    await call('POST', '/licensing/registration', { token: 'abc123' });
    await call('DELETE', '/licensing/deregistration');
    advance(60);
    await call('GET', '/licensing');
    await call('PUT', '/licensing/registration/renew');
    await call('PUT', '/licensing/authorization/renew');
    await call('DELETE', '/licensing/deregistration');
    await call('DELETE', '/licensing/deregistration');
    await call('PUT', '/licensing/registration/renew');

    const empty = idOf(await call('POST', '/labs', { title: 'Empty lab' }));
    await call('PATCH', `/labs/${empty}`, { description: 'patched' });
    await call('GET', '/labs');
    await call('GET', `/labs/${empty}/topology`);
    await call('GET', `/labs/${empty}/download`);
    await call('DELETE', `/labs/${empty}`);
    await call('GET', `/labs/${empty}`);

    await call('POST', '/import', { lab: { title: 'no version' }, nodes: [], links: [] });
    const lab = idOf(await call('POST', '/import?title=Conformance', buildTopology({ nodeCount: 3 })));
    await call('GET', `/labs/${lab}`);
    await call('GET', `/labs/${lab}/state`);
    await call('PUT', `/labs/${lab}/start`);
    await call('GET', `/labs/${lab}/check_if_converged`);
    await call('GET', `/labs/${lab}/lab_element_state`);
    await call('PUT', `/labs/${lab}/wipe`);
    await call('DELETE', `/labs/${lab}`);
    advance(60);
    await call('GET', `/labs/${lab}/check_if_converged`);
    await call('GET', `/labs/${lab}/lab_element_state`);
    await call('GET', `/labs/${lab}/topology`);
    await call('GET', `/labs/${lab}/topology?exclude_configurations=true`);
    await call('GET', `/labs/${lab}/download`);
    await call('GET', '/system_stats');
    await call('GET', '/licensing');

    const user = idOf(
      await call('POST', '/users', { username: 'student-1', password: 'pw-1', fullname: 'Student' }),
    );
    await call('POST', '/users', { username: 'student-1', password: 'again' });
    await call('GET', '/users');
    await call('GET', `/users/${user}`);
    await call('GET', '/users/student-1/id');
    await call('PATCH', `/labs/${lab}/associations`, {
      users: [{ id: user, permissions: ['lab_view', 'lab_exec'] }],
    });
    await call('PATCH', `/labs/${lab}/associations`, {
      users: [{ id: PLACEHOLDER_ID, permissions: ['lab_exec'] }],
    });
    await call('GET', `/labs/${lab}/associations`);
    const student = (await call('POST', '/authenticate', { username: 'student-1', password: 'pw-1' }, ''))
      .body as string;
    await call('GET', '/labs?show_all=true', undefined, student);
    await call('GET', `/labs/${lab}`, undefined, student);
    await call('GET', '/users', undefined, student);
    await call('DELETE', '/logout', undefined, student);

    sim.control.injectFault({ fault: { type: 'status', status: 500 }, pathPattern: '^/system_stats$' });
    await call('GET', '/system_stats');
    sim.control.expireTokens();
    await call('GET', '/labs');
    token = (await call('POST', '/authenticate', { username: 'admin', password: 'admin' }, ''))
      .body as string;

    await call('PUT', `/labs/${lab}/stop`);
    await call('PUT', `/labs/${lab}/wipe`);
    await call('DELETE', `/users/${user}`);
    await call('GET', '/users/student-1/id');
    await call('DELETE', `/labs/${lab}`);

    const violations = sim.control.exchanges().flatMap((exchange) => violationOf(exchange) ?? []);
    expect(violations).toEqual([]);
  });

  it('exercises the success answer of every operation it serves', async () => {
    const succeeded = new Set(
      sim.control
        .exchanges()
        .filter((e) => e.status !== null && e.status < 300)
        .map((e) => `${e.method} ${templateOf(e.path)}`),
    );
    sim.control.clearExchanges();

    const served: string[] = [];
    for (const [template, operations] of Object.entries(cmlOpenApiSpec.paths)) {
      for (const method of Object.keys(operations)) {
        const path = template.replace(/\{\w+\}/g, PLACEHOLDER_ID);
        const reply = await call(
          method.toUpperCase(),
          path,
          ['post', 'patch'].includes(method) ? {} : undefined,
        );
        const unrouted =
          sim.control.exchanges().at(-1)?.route === undefined &&
          (reply.body as { description?: string } | undefined)?.description === 'Not found';
        if (!unrouted) served.push(`${method.toUpperCase()} ${template}`);
      }
    }

    expect(served.length).toBeGreaterThan(30);
    expect(served.filter((operation) => !succeeded.has(operation))).toEqual([]);
    expect(sim.control.exchanges().flatMap((exchange) => violationOf(exchange) ?? [])).toEqual([]);
  });
});
