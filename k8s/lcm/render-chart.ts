// Test helpers: run the repo's helm (unpacked from an npm package, no download) on this chart.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const root = join(__dirname, '../..');

/** The chart's directory. */
export const chart = __dirname;

/** The least a real-issuer install needs (Secrets for OAuth clients and the credentials key, issuer URLs). */
export const MINIMAL_VALUES = join(chart, 'ci/minimal-values.yaml');

/** Every optional feature on. */
export const ALL_FEATURES_VALUES = join(chart, 'ci/all-features-values.yaml');

/** Runs helm with these arguments and returns stdout, or throws with helm's stderr. */
export function helm(...args: string[]): string {
  try {
    return execFileSync(process.execPath, [join(root, 'tools/scripts/helm.mjs'), ...args], {
      encoding: 'utf8',
      stdio: 'pipe',
    });
  } catch (error) {
    throw new Error((error as { stderr?: string }).stderr || String(error), { cause: error });
  }
}

/** One rendered Kubernetes object, loosely typed: tests read the parts they check. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  automountServiceAccountToken?: boolean;
  spec: Record<string, unknown> & {
    replicas?: number;
    template?: { spec: PodSpec };
  };
}

/** The parts of a pod spec the tests read. */
export interface PodSpec {
  serviceAccountName: string;
  automountServiceAccountToken?: boolean;
  securityContext: Record<string, unknown>;
  topologySpreadConstraints?: unknown[];
  volumes: Array<Record<string, unknown> & { name: string }>;
  containers: Array<{
    env: Array<{ name: string; value?: string; valueFrom?: unknown }>;
    volumeMounts: Array<{ name: string; mountPath: string; readOnly?: boolean }>;
    readinessProbe: unknown;
    securityContext: Record<string, unknown>;
    image: string;
  }>;
}

const rendered = new Map<string, string>();

/**
 * Renders the chart as release `demo` with these values files (in order) and `--set` pairs. helm runs once
 * per distinct set of values in a test file; each call gets its own copy of the objects.
 */
export function render(options: { files?: string[]; set?: string[] } = {}): Manifest[] {
  const { files = [MINIMAL_VALUES], set = [] } = options;
  const args = [...files.flatMap((file) => ['-f', file]), ...set.flatMap((pair) => ['--set', pair])];
  const key = JSON.stringify(args);
  if (!rendered.has(key)) rendered.set(key, helm('template', 'demo', chart, ...args));
  return parseAllDocuments(rendered.get(key)!)
    .map((doc) => doc.toJS() as Manifest)
    .filter(Boolean);
}

/** The object of this kind and name, or an error naming what was rendered. */
export function find(manifests: Manifest[], kind: string, name: string): Manifest {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  if (!found) {
    const rendered = manifests.map((m) => `${m.kind}/${m.metadata.name}`).join(', ');
    throw new Error(`no ${kind} ${name} among ${rendered}`);
  }
  return found;
}

/** The pod spec of a service's Deployment (`worker-manager`, ...). */
export function podOf(manifests: Manifest[], service: string): PodSpec {
  return find(manifests, 'Deployment', `demo-lcm-${service}`).spec.template!.spec;
}

/** A service's environment: name -> value, or -> valueFrom for Secret references. */
export function envOf(manifests: Manifest[], service: string): Record<string, unknown> {
  return Object.fromEntries(
    podOf(manifests, service).containers[0].env.map((e) => [e.name, e.value ?? e.valueFrom]),
  );
}
