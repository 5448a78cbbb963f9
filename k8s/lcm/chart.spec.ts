import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  ALL_FEATURES_VALUES,
  type Manifest,
  MINIMAL_VALUES,
  chart,
  envOf,
  find,
  helm,
  podOf,
  render,
} from './render-chart';

const SERVICES = ['worker-manager', 'lab-manager', 'session-manager'];
const DEV_ISSUER = ['auth.jwksUrl=', 'auth.allowDevIssuer=true'];

/** The parts of a pod spec the console test reads. */
interface PodSpecOf {
  containers: Array<{ image: string; env: Array<{ name: string; value?: string }> }>;
}

function names(manifests: Manifest[], kind: string): string[] {
  return manifests
    .filter((m) => m.kind === kind)
    .map((m) => m.metadata.name)
    .sort();
}

describe('the Helm chart', () => {
  it('passes helm lint --strict with the minimum values and with every optional feature on', () => {
    for (const file of [MINIMAL_VALUES, ALL_FEATURES_VALUES]) {
      expect(helm('lint', '--strict', chart, '-f', file)).toContain('0 chart(s) failed');
    }
  });

  it('renders a Deployment, a Service and a ServiceAccount per service, with probes and pinned images', () => {
    const manifests = render();
    expect(names(manifests, 'Deployment')).toEqual([
      'demo-lcm-lab-manager',
      'demo-lcm-session-manager',
      'demo-lcm-worker-manager',
    ]);
    expect(names(manifests, 'Service')).toEqual(names(manifests, 'Deployment'));
    expect(names(manifests, 'ServiceAccount')).toEqual(names(manifests, 'Deployment'));
    const container = podOf(manifests, 'lab-manager').containers[0];
    expect(container.readinessProbe).toMatchObject({ httpGet: { path: '/health/ready' } });
    expect(container.image).toBe('ghcr.io/lablet-cloud-manager/lab-manager:0.1.0');
  });

  it("wires each service's events to the services that consume them", () => {
    const manifests = render();
    expect(envOf(manifests, 'worker-manager')['EVENT_SUBSCRIBERS']).toBe(
      'http://demo-lcm-lab-manager:8082/events,http://demo-lcm-session-manager:8083/events',
    );
    expect(envOf(manifests, 'lab-manager')['EVENT_SUBSCRIBERS']).toBe(
      'http://demo-lcm-session-manager:8083/events',
    );
    expect(envOf(manifests, 'session-manager')['EVENT_SUBSCRIBERS']).toBe(
      'http://demo-lcm-worker-manager:8081/events,http://demo-lcm-lab-manager:8082/events',
    );
    expect(envOf(manifests, 'session-manager')['LAB_MANAGER_URL']).toBe('http://demo-lcm-lab-manager:8082');
  });

  it('takes MongoDB, Redis and CML credentials from Secrets, never as plain values', () => {
    const env = envOf(render(), 'worker-manager');
    expect(env['MONGODB_URI']).toEqual({ secretKeyRef: { name: 'lcm-mongodb', key: 'uri' } });
    expect(env['REDIS_URL']).toEqual({ secretKeyRef: { name: 'lcm-redis', key: 'url' } });
    expect(env['CML_PASSWORD']).toEqual({ secretKeyRef: { name: 'lcm-cml', key: 'password' } });
  });

  it('passes the OIDC settings and plain service settings through', () => {
    const env = envOf(render({ files: [ALL_FEATURES_VALUES] }), 'worker-manager');
    expect(env).toMatchObject({
      AUTH_JWKS_URL: 'https://keycloak.example.com/realms/lcm/protocol/openid-connect/certs',
      AUTH_ISSUER: 'https://keycloak.example.com/realms/lcm',
      AUTH_AUDIENCE: 'lcm',
      AUTH_EVENTS_AUDIENCE: 'lcm-events',
      AUTH_ROLES_CLAIM: 'realm_access.roles',
      AUTH_CLIENT_ID_CLAIM: 'azp',
      IDLE_TIMEOUT_MINUTES: '30',
    });
  });

  it('refuses to render without MongoDB unless in-memory is asked for, and never with several in-memory replicas', () => {
    expect(() => render({ set: ['mongodb.existingSecret='] })).toThrow('mongodb.existingSecret is required');
    expect(envOf(render({ set: ['mongodb.allowInMemory=true'] }), 'lab-manager')).not.toHaveProperty(
      'MONGODB_URI',
    );
    expect(() => render({ set: ['mongodb.allowInMemory=true', 'labManager.replicas=2'] })).toThrow(
      'needs MongoDB',
    );
    expect(() =>
      render({ set: ['mongodb.allowInMemory=true', 'sessionManager.autoscaling.enabled=true'] }),
    ).toThrow('needs MongoDB');
  });

  it('refuses to render without an OIDC issuer unless the per-pod dev issuer is asked for', () => {
    expect(() => render({ set: ['auth.jwksUrl='] })).toThrow('auth.jwksUrl is required');
    const demo = envOf(render({ set: DEV_ISSUER }), 'session-manager');
    expect(demo).not.toHaveProperty('AUTH_JWKS_URL');
    expect(demo['AUTH_DEV_KEY_FILE']).toBe('/tmp/dev-issuer.json');
    expect(envOf(render(), 'session-manager')).not.toHaveProperty('AUTH_DEV_KEY_FILE');
  });

  describe('service identity', () => {
    it('runs each service under its own ServiceAccount, with no Kubernetes API token mounted', () => {
      const manifests = render();
      for (const service of SERVICES) {
        const pod = podOf(manifests, service);
        expect(pod.serviceAccountName).toBe(`demo-lcm-${service}`);
        expect(pod.automountServiceAccountToken).toBe(false);
        expect(find(manifests, 'ServiceAccount', `demo-lcm-${service}`).automountServiceAccountToken).toBe(
          false,
        );
      }
    });

    it("puts the IRSA role on worker-manager's ServiceAccount only", () => {
      const manifests = render({ files: [ALL_FEATURES_VALUES] });
      const irsa = manifests
        .filter((m) => m.kind === 'ServiceAccount')
        .filter((m) => m.metadata.annotations?.['eks.amazonaws.com/role-arn'])
        .map((m) => [m.metadata.name, m.metadata.annotations!['eks.amazonaws.com/role-arn']]);
      expect(irsa).toEqual([
        ['demo-lcm-worker-manager', 'arn:aws:iam::123456789012:role/lcm-worker-manager'],
      ]);
      expect(() =>
        render({
          set: ['labManager.serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn=arn:aws:iam::1:role/x'],
        }),
      ).toThrow('only worker-manager calls AWS');
    });

    it('uses a ServiceAccount the operator made when asked, and never the IRSA role without its own', () => {
      const manifests = render({ files: [ALL_FEATURES_VALUES] });
      expect(podOf(manifests, 'session-manager').serviceAccountName).toBe('lcm-session-manager');
      expect(names(manifests, 'ServiceAccount')).not.toContain('lcm-session-manager');
      expect(() =>
        render({
          files: [ALL_FEATURES_VALUES],
          set: ['workerManager.serviceAccount.create=false', 'workerManager.serviceAccount.name=wm'],
        }),
      ).toThrow('workerManager.aws.roleArn needs workerManager.serviceAccount.create=true');
    });
  });

  describe('OAuth client credentials', () => {
    it('gives each service the token URL, its client id and its client secret from its own Secret', () => {
      const manifests = render({ files: [ALL_FEATURES_VALUES] });
      expect(envOf(manifests, 'lab-manager')).toMatchObject({
        AUTH_TOKEN_URL: 'https://keycloak.example.com/realms/lcm/protocol/openid-connect/token',
        AUTH_TOKEN_SCOPE: 'lcm',
        AUTH_CLIENT_ID: 'lcm-lab-manager',
        AUTH_CLIENT_SECRET: { secretKeyRef: { name: 'lcm-lab-manager-oauth', key: 'CLIENT_SECRET' } },
      });
      expect(envOf(render(), 'worker-manager')).toMatchObject({
        AUTH_CLIENT_ID: 'lcm-worker-manager',
        AUTH_CLIENT_SECRET: { secretKeyRef: { name: 'lcm-worker-manager-oauth', key: 'client-secret' } },
      });
    });

    it("names every producer's OAuth client in EVENT_PRODUCER_CLIENTS, the grader once configured", () => {
      const own =
        'lab-manager=lcm-lab-manager,session-manager=lcm-session-manager,worker-manager=lcm-worker-manager';
      expect(envOf(render(), 'session-manager')['EVENT_PRODUCER_CLIENTS']).toBe(own);
      const manifests = render({ files: [ALL_FEATURES_VALUES] });
      for (const service of SERVICES) {
        expect(envOf(manifests, service)['EVENT_PRODUCER_CLIENTS']).toBe(
          `${own},assessment-system=lcm-grader`,
        );
      }
    });

    it('refuses to render with a real issuer but no token URL or no client Secret of a service', () => {
      expect(() => render({ set: ['auth.tokenUrl='] })).toThrow(
        'auth.tokenUrl is required with a real issuer',
      );
      expect(() => render({ set: ['sessionManager.oauth.existingSecret='] })).toThrow(
        'sessionManager.oauth.existingSecret is required with a real issuer: a Secret whose key "client-secret" holds the client secret of OAuth client "lcm-session-manager"',
      );
      expect(
        names(
          render({ set: ['sessionManager.enabled=false', 'sessionManager.oauth.existingSecret='] }),
          'Deployment',
        ),
      ).toHaveLength(2);
    });

    it('needs no OAuth Secret with the dev issuer, whose clients are named after the services', () => {
      const env = envOf(
        render({ files: [], set: [...DEV_ISSUER, 'mongodb.allowInMemory=true'] }),
        'worker-manager',
      );
      expect(env).not.toHaveProperty('AUTH_TOKEN_URL');
      expect(env).not.toHaveProperty('AUTH_CLIENT_SECRET');
      expect(env['EVENT_PRODUCER_CLIENTS']).toBe(
        'lab-manager=lab-manager,session-manager=session-manager,worker-manager=worker-manager',
      );
    });

    it('sets no SERVICE_TOKEN anywhere, and refuses one (or any setting the chart owns) through env or secretEnv', () => {
      for (const files of [[MINIMAL_VALUES], [ALL_FEATURES_VALUES]]) {
        expect(JSON.stringify(render({ files }))).not.toContain('SERVICE_TOKEN');
      }
      expect(() =>
        render({
          set: [
            'sessionManager.secretEnv.SERVICE_TOKEN.secret=s',
            'sessionManager.secretEnv.SERVICE_TOKEN.key=k',
          ],
        }),
      ).toThrow("invalid propertyName 'SERVICE_TOKEN'");
      expect(() => render({ set: ['labManager.env.AUTH_JWKS_URL=https://elsewhere.example.com'] })).toThrow(
        "invalid propertyName 'AUTH_JWKS_URL'",
      );
    });
  });

  describe('Knative Eventing', () => {
    const RELAY = [
      'auth.eventsRelay.jwksUrl=https://oidc.eks.eu-west-1.amazonaws.com/id/X/keys',
      'auth.eventsRelay.issuer=https://oidc.eks.eu-west-1.amazonaws.com/id/X',
      'auth.eventsRelay.subjects={system:serviceaccount:lcm:a,system:serviceaccount:lcm:b}',
      'auth.eventsAudience=lcm-events',
    ];

    it("trusts the Triggers' ServiceAccounts of auth.eventsRelay on /events, in every service", () => {
      const manifests = render({ set: RELAY });
      for (const service of SERVICES) {
        expect(envOf(manifests, service)).toMatchObject({
          AUTH_EVENTS_RELAY_JWKS_URL: 'https://oidc.eks.eu-west-1.amazonaws.com/id/X/keys',
          AUTH_EVENTS_RELAY_ISSUER: 'https://oidc.eks.eu-west-1.amazonaws.com/id/X',
          EVENT_RELAY_SUBJECTS: 'system:serviceaccount:lcm:a,system:serviceaccount:lcm:b',
          AUTH_EVENTS_AUDIENCE: 'lcm-events',
        });
      }
      expect(envOf(render(), 'lab-manager')).not.toHaveProperty('AUTH_EVENTS_RELAY_JWKS_URL');
    });

    it('refuses to render relays given in part or without auth.eventsAudience, naming the value', () => {
      const without = (prefix: string) => RELAY.filter((pair) => !pair.startsWith(prefix));
      expect(() => render({ set: without('auth.eventsRelay.issuer') })).toThrow(
        'auth.eventsRelay.issuer is required with auth.eventsRelay.jwksUrl',
      );
      expect(() => render({ set: without('auth.eventsRelay.subjects') })).toThrow(
        'auth.eventsRelay.subjects is required with auth.eventsRelay.jwksUrl',
      );
      expect(() => render({ set: without('auth.eventsRelay.jwksUrl') })).toThrow(
        'auth.eventsRelay.jwksUrl is required with auth.eventsRelay.issuer or .subjects',
      );
      expect(() => render({ set: without('auth.eventsAudience') })).toThrow(
        'auth.eventsAudience is required with auth.eventsRelay.jwksUrl',
      );
      expect(() => render({ set: [...RELAY, 'auth.eventsRelay.subjects={lab-manager-trigger}'] })).toThrow(
        /subjects\/0/,
      );
    });

    it('sends every event to knative.sink.uri, with the OAuth token unless the Broker has an audience', () => {
      const manifests = render({
        set: ['knative.sink.uri=http://broker-ingress.knative-eventing.svc.cluster.local/lcm/default'],
      });
      const env = envOf(manifests, 'session-manager');
      expect(env['K_SINK']).toBe('http://broker-ingress.knative-eventing.svc.cluster.local/lcm/default');
      expect(env).not.toHaveProperty('K_SINK_TOKEN_FILE');
      expect(podOf(manifests, 'session-manager').volumes.map((volume) => volume.name)).toEqual(['tmp']);
    });

    it("gives each pod a token of its own ServiceAccount for the Broker's audience, renewed by the kubelet", () => {
      const manifests = render({ files: [ALL_FEATURES_VALUES] });
      for (const service of SERVICES) {
        const pod = podOf(manifests, service);
        expect(envOf(manifests, service)['K_SINK_TOKEN_FILE']).toBe(
          '/var/run/secrets/lcm/knative-sink/token',
        );
        expect(pod.containers[0].volumeMounts).toContainEqual({
          name: 'knative-sink-token',
          mountPath: '/var/run/secrets/lcm/knative-sink',
          readOnly: true,
        });
        expect(pod.volumes).toContainEqual({
          name: 'knative-sink-token',
          projected: {
            sources: [
              {
                serviceAccountToken: {
                  audience: 'eventing.knative.dev/broker/lcm/default',
                  expirationSeconds: 3600,
                  path: 'token',
                },
              },
            ],
          },
        });
        // The projection needs no Kubernetes API token: that one stays unmounted.
        expect(pod.automountServiceAccountToken).toBe(false);
      }
      expect(() =>
        render({ set: ['knative.sink.audience=eventing.knative.dev/broker/lcm/default'] }),
      ).toThrow('knative.sink.uri is required with knative.sink.audience');
    });
  });

  describe("lab-manager's credentials key", () => {
    it('gives lab-manager LAB_CREDENTIALS_KEY, and the previous key when rotating, from the Secret, and no other service', () => {
      expect(envOf(render(), 'lab-manager')['LAB_CREDENTIALS_KEY']).toEqual({
        secretKeyRef: { name: 'lcm-lab-credentials', key: 'key' },
      });
      expect(envOf(render(), 'lab-manager')).not.toHaveProperty('LAB_CREDENTIALS_PREVIOUS_KEY');
      const manifests = render({ files: [ALL_FEATURES_VALUES] });
      expect(envOf(manifests, 'lab-manager')['LAB_CREDENTIALS_PREVIOUS_KEY']).toEqual({
        secretKeyRef: { name: 'lcm-lab-credentials', key: 'previous-key' },
      });
      expect(envOf(manifests, 'worker-manager')).not.toHaveProperty('LAB_CREDENTIALS_KEY');
      expect(envOf(manifests, 'session-manager')).not.toHaveProperty('LAB_CREDENTIALS_KEY');
    });

    it('refuses to render with MongoDB but no credentials key Secret; in-memory mode needs none', () => {
      expect(() => render({ set: ['labManager.credentialsKey.existingSecret='] })).toThrow(
        'labManager.credentialsKey.existingSecret is required with MongoDB',
      );
      const inMemory = render({
        set: ['labManager.credentialsKey.existingSecret=', 'mongodb.allowInMemory=true'],
      });
      expect(envOf(inMemory, 'lab-manager')).not.toHaveProperty('LAB_CREDENTIALS_KEY');
    });
  });

  describe('NetworkPolicy', () => {
    it("is on by default: LCM's own pods and the ingress controller's namespace reach the HTTP port, nobody else", () => {
      const policy = find(render(), 'NetworkPolicy', 'demo-lcm');
      expect(policy.spec['policyTypes']).toEqual(['Ingress']);
      expect(policy.spec['ingress']).toEqual([
        {
          from: [
            {
              podSelector: {
                matchLabels: { 'app.kubernetes.io/instance': 'demo', 'app.kubernetes.io/part-of': 'lcm' },
              },
            },
          ],
          ports: [{ port: 'http' }],
        },
        {
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
          ports: [{ port: 'http' }],
        },
      ]);
    });

    it('admits the configured event sources, API clients and metrics scrapers', () => {
      const policy = find(render({ files: [ALL_FEATURES_VALUES] }), 'NetworkPolicy', 'demo-lcm');
      const peers = (policy.spec['ingress'] as Array<{ from: unknown[] }>).flatMap((rule) => rule.from);
      expect(peers).toEqual(
        expect.arrayContaining([
          { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'knative-eventing' } } },
          {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'grading' } },
            podSelector: { matchLabels: { app: 'grader' } },
          },
          { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'portal' } } },
          { ipBlock: { cidr: '10.0.0.0/16' } },
          { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } },
        ]),
      );
    });

    it('can be turned off', () => {
      expect(render({ set: ['networkPolicy.enabled=false'] }).map((m) => m.kind)).not.toContain(
        'NetworkPolicy',
      );
    });
  });

  it('runs every container as non-root on a read-only root filesystem, without capabilities, under RuntimeDefault seccomp', () => {
    const manifests = render();
    for (const service of SERVICES) {
      const pod = podOf(manifests, service);
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(pod.containers[0].securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
    }
  });

  describe('optional features', () => {
    it('adds nothing optional by default', () => {
      const kinds = render().map((m) => m.kind);
      for (const kind of ['Ingress', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'ServiceMonitor']) {
        expect(kinds).not.toContain(kind);
      }
    });

    it("routes each service's REST API paths (never /events) through one TLS Ingress", () => {
      const ingress = find(render({ files: [ALL_FEATURES_VALUES] }), 'Ingress', 'demo-lcm');
      expect(ingress.spec['tls']).toEqual([{ hosts: ['lcm.example.com'], secretName: 'lcm-tls' }]);
      const [rule] = ingress.spec['rules'] as Array<{
        host: string;
        http: { paths: Array<{ path: string; backend: { service: { name: string } } }> };
      }>;
      expect(rule.host).toBe('lcm.example.com');
      const routes = Object.fromEntries(rule.http.paths.map((p) => [p.path, p.backend.service.name]));
      expect(routes).toEqual({
        '/api/workers': 'demo-lcm-worker-manager',
        '/api/worker-templates': 'demo-lcm-worker-manager',
        '/api/lablet-definitions': 'demo-lcm-lab-manager',
        '/api/lab-records': 'demo-lcm-lab-manager',
        '/api/lablet-sessions': 'demo-lcm-session-manager',
        '/api/timeslots': 'demo-lcm-session-manager',
      });
    });

    it('serves the console at / beside the APIs when it is on, logging people in at the issuer', () => {
      const console = [
        'console.enabled=true',
        'console.oidc.clientId=lcm-console',
        'console.oidc.authority=https://keycloak.example.com/realms/lcm',
        'ingress.enabled=true',
      ];
      const manifests = render({ files: [MINIMAL_VALUES], set: console });
      const pod = find(manifests, 'Deployment', 'demo-lcm-console').spec.template?.spec as PodSpecOf;
      const env = Object.fromEntries(pod.containers[0].env.map((e) => [e.name, e.value]));
      expect(env).toMatchObject({
        WORKER_MANAGER_URL: 'http://demo-lcm-worker-manager:8081',
        LAB_MANAGER_URL: 'http://demo-lcm-lab-manager:8082',
        SESSION_MANAGER_URL: 'http://demo-lcm-session-manager:8083',
        OIDC_CLIENT_ID: 'lcm-console',
      });
      expect(env['OIDC_AUTHORITY']).toBe('https://keycloak.example.com/realms/lcm');
      expect(pod.containers[0].image).toBe('ghcr.io/lablet-cloud-manager/console:0.1.0');
      expect(find(manifests, 'Service', 'demo-lcm-console').spec['ports']).toEqual([
        { name: 'http', port: 8080, targetPort: 'http' },
      ]);
      const [rule] = find(manifests, 'Ingress', 'demo-lcm').spec['rules'] as Array<{
        http: { paths: Array<{ path: string; backend: { service: { name: string } } }> };
      }>;
      const routes = Object.fromEntries(rule!.http.paths.map((p) => [p.path, p.backend.service.name]));
      expect(routes['/']).toBe('demo-lcm-console');
      expect(routes['/api/workers']).toBe('demo-lcm-worker-manager');
      expect(names(render(), 'Deployment')).not.toContain('demo-lcm-console');
      expect(() => render({ set: ['console.enabled=true'] })).toThrow('console.oidc.clientId');
    });

    it('routes, by default, every controller of every service (the Ingress paths follow the code)', () => {
      const values = parse(readFileSync(join(chart, 'values.yaml'), 'utf8')) as {
        ingress: { paths: Record<string, string[]> };
      };
      const apps = {
        workerManager: 'worker-manager',
        labManager: 'lab-manager',
        sessionManager: 'session-manager',
      };
      for (const [key, app] of Object.entries(apps)) {
        const dir = join(chart, '../../apps', app, 'src/api/controllers');
        const prefixes = readdirSync(dir)
          .filter((file) => file.endsWith('.controller.ts'))
          .map((file) => `/api/${file.replace(/\.controller\.ts$/, '')}`)
          .sort();
        expect({ [app]: [...values.ingress.paths[key]].sort() }).toEqual({ [app]: prefixes });
      }
    });

    it('adds a PodDisruptionBudget per service, and HorizontalPodAutoscalers that own the replica count', () => {
      const manifests = render({ files: [ALL_FEATURES_VALUES] });
      expect(names(manifests, 'PodDisruptionBudget')).toEqual(names(manifests, 'Deployment'));
      expect(find(manifests, 'HorizontalPodAutoscaler', 'demo-lcm-worker-manager').spec).toMatchObject({
        scaleTargetRef: { kind: 'Deployment', name: 'demo-lcm-worker-manager' },
        minReplicas: 2,
        maxReplicas: 5,
      });
      expect(find(manifests, 'Deployment', 'demo-lcm-worker-manager').spec).not.toHaveProperty('replicas');
      expect(find(manifests, 'Deployment', 'demo-lcm-lab-manager').spec.replicas).toBe(2);
      expect(() =>
        render({ set: ['labManager.autoscaling.enabled=true', 'labManager.autoscaling.minReplicas=5'] }),
      ).toThrow('labManager.autoscaling.minReplicas (5) is above maxReplicas (4)');
    });

    it("spreads each service's pods with a selector of its own pods", () => {
      const constraints = podOf(
        render({ files: [ALL_FEATURES_VALUES] }),
        'session-manager',
      ).topologySpreadConstraints;
      expect(constraints).toContainEqual({
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'ScheduleAnyway',
        labelSelector: {
          matchLabels: { 'app.kubernetes.io/instance': 'demo', 'app.kubernetes.io/name': 'session-manager' },
        },
      });
    });

    it('adds a ServiceMonitor when enabled', () => {
      expect(names(render({ files: [ALL_FEATURES_VALUES] }), 'ServiceMonitor')).toEqual(['demo-lcm']);
    });

    it('adds the fleet dashboard for the Grafana sidecar when enabled: labelled, valid JSON over the fleet series', () => {
      expect(names(render(), 'ConfigMap')).not.toContain('demo-lcm-grafana-dashboard');
      const map = render({ files: [ALL_FEATURES_VALUES] }).find(
        (m) => m.kind === 'ConfigMap' && m.metadata.name === 'demo-lcm-grafana-dashboard',
      ) as unknown as { metadata: { labels: Record<string, string> }; data: Record<string, string> };
      expect(map.metadata.labels).toMatchObject({ grafana_dashboard: '1' });
      const dashboard = JSON.parse(map.data['lcm-fleet.json'] as string);
      expect(dashboard.title).toBe('LCM fleet');
      expect(JSON.stringify(dashboard.panels)).toContain('lcm_fleet_cost_per_hour_usd');
    });
  });

  it('documents every value in its README', () => {
    const values = parse(readFileSync(join(chart, 'values.yaml'), 'utf8')) as Record<string, unknown>;
    const readme = readFileSync(join(chart, 'README.md'), 'utf8');
    // Maps and objects the README documents as one value.
    const whole =
      /(^|\.)(env|secretEnv|resources|annotations|labels|podAnnotations|nodeSelector|podSecurityContext|securityContext|ingressControllerNamespace)$/;
    const paths = (node: unknown, prefix: string): string[] =>
      node && typeof node === 'object' && !Array.isArray(node) && !whole.test(prefix)
        ? Object.entries(node).flatMap(([key, child]) => paths(child, prefix ? `${prefix}.${key}` : key))
        : [prefix];
    const documented = (path: string) =>
      [
        path,
        path.replace(/^(workerManager|labManager|sessionManager)\./, '<service>.'),
        path.replace(/^ingress\.paths\.\w+$/, 'ingress.paths.<service>'),
      ].some((name) => readme.includes(`| \`${name}\``));
    const undocumented = paths(values, '').filter((path) => !documented(path));
    expect(undocumented).toEqual([]);
  });

  describe('values schema', () => {
    it('refuses a values file with unknown keys or wrong types, naming each', () => {
      const file = join(mkdtempSync(join(tmpdir(), 'lcm-chart-')), 'bad-values.yaml');
      writeFileSync(
        file,
        [
          'replicaCount: 3', // unknown top-level key
          'workerManager:',
          '  replicas: two', // wrong type
          '  oauth: { existingSecret: wm-oauth, clientSecretKey: client-secret, clientId: wm }', // unknown nested key
          'networkPolicy:',
          '  enabled: "yes"', // wrong type
          '  eventSources: [{ namespace: knative-eventing }]', // not a NetworkPolicy peer
        ].join('\n'),
      );
      let message = '';
      try {
        render({ files: [MINIMAL_VALUES, file] });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toContain("additional properties 'replicaCount' not allowed");
      expect(message).toMatch(/\/workerManager\/replicas': got string, want integer/);
      expect(message).toMatch(/\/workerManager\/oauth': additional properties 'clientId' not allowed/);
      expect(message).toMatch(/\/networkPolicy\/enabled': got string, want boolean/);
      expect(message).toMatch(
        /\/networkPolicy\/eventSources\/0': additional properties 'namespace' not allowed/,
      );
    });

    it('refuses unknown keys in every object it describes, and types the values of every map', () => {
      const schema = JSON.parse(readFileSync(join(chart, 'values.schema.json'), 'utf8')) as unknown;
      const open: string[] = [];
      const walk = (node: unknown, path: string): void => {
        if (!node || typeof node !== 'object') return;
        const schemaNode = node as Record<string, unknown>;
        const isObject = schemaNode['type'] === 'object' || 'properties' in schemaNode;
        const closed =
          schemaNode['additionalProperties'] === false ||
          typeof schemaNode['additionalProperties'] === 'object';
        if (isObject && !closed && path !== '/properties/global') open.push(path);
        for (const [key, child] of Object.entries(schemaNode)) walk(child, `${path}/${key}`);
      };
      walk(schema, '');
      expect(open).toEqual([]);
    });

    it('refuses a bad pull policy, a non-URL issuer and a malformed Secret name', () => {
      expect(() => render({ set: ['image.pullPolicy=Sometimes'] })).toThrow(/pullPolicy/);
      expect(() => render({ set: ['auth.tokenUrl=keycloak/token'] })).toThrow(/tokenUrl/);
      expect(() => render({ set: ['labManager.oauth.existingSecret=Lab_Manager'] })).toThrow(
        /existingSecret/,
      );
    });
  });
});
