import type { CommonSettings } from '@lcm/neuro-core';
import type { ServiceDefinition } from '@lcm/neuro-core/hosting';
import fc from 'fast-check';
import { labManagerService } from '../../../apps/lab-manager/src/service';
import { sessionManagerService } from '../../../apps/session-manager/src/service';
import { workerManagerService } from '../../../apps/worker-manager/src/service';
import { ReplicatedLcm, type ServiceName } from '../../e2e/src/replicas/replicated-lcm';
import { type HostileRequest, type Route, eventsRequest, routeRequest, routesOf } from './hostile-requests';
import { RecordingClient } from './recording-client';
import { type Secret, leaks } from './secret-scan';

/** 2,000 in CI; more with FAULTS_HOSTILE_RUNS, a failing run again with FAULTS_SEED. */
const RUNS = Number(process.env['FAULTS_HOSTILE_RUNS'] ?? 2_000);
const SEED = Number(process.env['FAULTS_SEED'] ?? Date.now() % 2_147_483_647);
const NAMES: readonly ServiceName[] = ['worker-manager', 'lab-manager', 'session-manager'];
const COLLECTIONS: Record<ServiceName, readonly string[]> = Object.fromEntries(
  (
    [
      ['worker-manager', workerManagerService],
      ['lab-manager', labManagerService],
      ['session-manager', sessionManagerService],
    ] as const
  ).map(([name, definition]) => [
    name,
    ((definition as unknown as ServiceDefinition<CommonSettings>).repositories ?? []).map(
      (repository) => repository.collection,
    ),
  ]),
) as unknown as Record<ServiceName, readonly string[]>;

/** What a running process's prototypes look like; a polluting request would add to them. */
function prototypes(): string {
  return JSON.stringify([
    Object.getOwnPropertyNames(Object.prototype),
    Object.getOwnPropertyNames(Array.prototype),
  ]);
}

describe('scenario 8: hostile input to every route and to /events', () => {
  const lcm = new ReplicatedLcm();
  const client = new RecordingClient();
  const secrets: Secret[] = [];
  const routes = new Map<ServiceName, Route[]>();
  let tokens: string[] = [];
  const previousLogLevel = process.env['TEST_LOG_LEVEL'];
  const figures = { requests: 0, status5xx: 0, status4xx: 0, status2xx: 0, refusedThatChangedState: 0 };

  beforeAll(async () => {
    // Every log line, not only warnings, so the secrets scan reads all the services said.
    process.env['TEST_LOG_LEVEL'] = 'info';
    await lcm.start();
    for (const name of NAMES) {
      const document = (await (await fetch(`${lcm.url(name)}/api/docs/openapi.json`)).json()) as Parameters<
        typeof routesOf
      >[0];
      routes.set(name, routesOf(document));
    }
    const serviceToken = (client: ServiceName) =>
      lcm.issuer.mint({
        sub: `service-account-${client}`,
        roles: ['service'],
        claims: { azp: client, client_id: client },
      });
    tokens = [
      await lcm.token('mallory', ['user']),
      await lcm.token('ops', ['manager']),
      await lcm.token('root', ['admin']),
      ...(await Promise.all(NAMES.map(async (name) => `Bearer ${await serviceToken(name)}`))),
      'Bearer not.a.jwt',
      'Basic YWRtaW46YWRtaW4=',
    ];
    for (const token of tokens.slice(0, 6)) secrets.push({ name: 'a bearer token', value: token.slice(7) });
    for (const name of NAMES)
      secrets.push({ name: `client secret of ${name}`, value: lcm.issuer.clientSecret(name) });
  }, 120_000);

  afterAll(async () => {
    await lcm.close();
    if (previousLogLevel === undefined) delete process.env['TEST_LOG_LEVEL'];
    else process.env['TEST_LOG_LEVEL'] = previousLogLevel;
  });

  /** Every aggregate a service holds, less the outbox bookkeeping its relay clears on its own. */
  async function stateOf(name: ServiceName): Promise<string> {
    const db = lcm.service(name).db;
    const all: unknown[] = [];
    for (const collection of COLLECTIONS[name]) {
      const docs = await db.collection(collection).find({}).toArray();
      // The outbox's own bookkeeping (queued, confirmed by the relay on its own schedule) is not state.
      all.push(docs.map(({ _outbox: _pending, _queued: _relayed, ...doc }) => doc));
    }
    return JSON.stringify(all);
  }

  async function send(name: ServiceName, request: HostileRequest) {
    const replicas = lcm.service(name).replicas;
    const replica = replicas[figures.requests % replicas.length]!;
    const bodyAllowed = request.method !== 'GET' && request.method !== 'HEAD';
    const response = await fetch(`${replica.url}${request.path}`, {
      method: request.method,
      headers: request.headers,
      body: bodyAllowed ? request.body : undefined,
      signal: AbortSignal.timeout(15_000),
    });
    figures.requests++;
    return client.record(`${request.method} ${request.path.slice(0, 80)} (${request.kind})`, response);
  }

  it('answers each generated request 2xx or 4xx problem+json, never 5xx; no prototype polluted, nothing refused changed', async () => {
    const baseline = prototypes();
    const arbitrary = fc.oneof(
      ...NAMES.map((name) => routeRequest(routes.get(name)!, tokens).map((request) => ({ name, request }))),
      ...NAMES.map((name) => eventsRequest(tokens).map((request) => ({ name, request }))),
    );
    process.stdout.write(`scenario 8: ${RUNS} requests, seed ${SEED} (FAULTS_SEED=${SEED} replays them)\n`);
    await fc.assert(
      fc.asyncProperty(arbitrary, async ({ name, request }) => {
        const before = await stateOf(name);
        const answer = await send(name, request);
        const where = `${name}: ${request.method} ${request.path.slice(0, 120)} (${request.kind}) -> ${answer.status}`;
        if (answer.status >= 500) figures.status5xx++;
        else if (answer.status >= 400) figures.status4xx++;
        else figures.status2xx++;
        expect({
          where,
          status5xx: answer.status >= 500,
          body: answer.status >= 500 ? answer.text : '',
        }).toEqual({
          where,
          status5xx: false,
          body: '',
        });
        if (answer.status >= 400) {
          expect({ where, contentType: answer.contentType }).toEqual({
            where,
            contentType: expect.stringMatching(/^application\/problem\+json/),
          });
          const after = await stateOf(name);
          if (after !== before) figures.refusedThatChangedState++;
          expect({ where, changed: after !== before }).toEqual({ where, changed: false });
        }
        expect({
          where,
          prototypes: prototypes(),
          polluted: ({} as Record<string, unknown>)['polluted'],
        }).toEqual({
          where,
          prototypes: baseline,
          polluted: undefined,
        });
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    process.stdout.write(`scenario 8 figures: ${JSON.stringify(figures)}\n`);
  }, 600_000);

  it('scenario 9: no secret in any log line or answer of the scenario', () => {
    const produced = [
      ...NAMES.flatMap((name) =>
        lcm.service(name).log.map((line, i) => ({ where: `${name} log ${i}`, text: line })),
      ),
      ...client.answers,
    ];
    expect(produced.length).toBeGreaterThan(RUNS);
    expect(leaks(produced, secrets)).toEqual([]);
  });
});
