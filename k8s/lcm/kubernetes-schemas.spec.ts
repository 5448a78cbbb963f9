// Every object the chart renders is checked, offline, against the Kubernetes API schemas that kubernetes-models
// ships (generated from the Kubernetes OpenAPI spec; the ServiceMonitor from prometheus-operator's CRD): their
// validators check types, required fields and formats. Like the OpenAPI spec, they let unknown fields through,
// which the API server refuses (server-side apply, strict field validation); the TypeScript compiler finds
// those against the same package's types.
import { join } from 'node:path';
import ts from 'typescript';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { ALL_FEATURES_VALUES, type Manifest, MINIMAL_VALUES, render } from './render-chart';

type Model = new (data: never) => { validate(): void };

/** Each kind the chart renders: its validating model, and the module and name of its TypeScript type. */
const KINDS: Record<string, { model: Model; module: string; type: string }> = {
  'apps/v1 Deployment': {
    model: Deployment,
    module: 'kubernetes-models/apps/v1/Deployment',
    type: 'IDeployment',
  },
  'autoscaling/v2 HorizontalPodAutoscaler': {
    model: HorizontalPodAutoscaler,
    module: 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler',
    type: 'IHorizontalPodAutoscaler',
  },
  'monitoring.coreos.com/v1 ServiceMonitor': {
    model: ServiceMonitor,
    module: '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor',
    type: 'IServiceMonitor',
  },
  'networking.k8s.io/v1 Ingress': {
    model: Ingress,
    module: 'kubernetes-models/networking.k8s.io/v1/Ingress',
    type: 'IIngress',
  },
  'networking.k8s.io/v1 NetworkPolicy': {
    model: NetworkPolicy,
    module: 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy',
    type: 'INetworkPolicy',
  },
  'policy/v1 PodDisruptionBudget': {
    model: PodDisruptionBudget,
    module: 'kubernetes-models/policy/v1/PodDisruptionBudget',
    type: 'IPodDisruptionBudget',
  },
  'v1 ConfigMap': { model: ConfigMap, module: 'kubernetes-models/v1/ConfigMap', type: 'IConfigMap' },
  'v1 Service': { model: Service, module: 'kubernetes-models/v1/Service', type: 'IService' },
  'v1 ServiceAccount': {
    model: ServiceAccount,
    module: 'kubernetes-models/v1/ServiceAccount',
    type: 'IServiceAccount',
  },
};

const kindOf = (manifest: Manifest) => `${manifest.apiVersion} ${manifest.kind}`;

/** The schema errors of one object ('' when valid), prefixed with its kind and name. */
function problemsOf(manifest: Manifest): string {
  const name = `${kindOf(manifest)} ${manifest.metadata.name}`;
  const kind = KINDS[kindOf(manifest)];
  if (!kind) return `${name}: no schema known for it`;
  try {
    new kind.model(manifest as never).validate();
    return '';
  } catch (error) {
    return `${name}: ${(error as Error).message}`;
  }
}

/**
 * The fields these objects carry that their Kubernetes types do not declare (and any other type error): each
 * object becomes a typed constant in one in-memory TypeScript file, whose excess-property checks reach every
 * nested object.
 */
function unknownFieldsIn(manifests: Manifest[]): string[] {
  const file = join(__dirname, 'rendered-objects.generated.ts');
  const source = [
    ...Object.values(KINDS).map(({ module, type }) => `import type { ${type} } from '${module}';`),
    ...manifests.map(
      (m, i) =>
        `// ${kindOf(m)} ${m.metadata.name}\nexport const o${i}: ${KINDS[kindOf(m)].type} = ${JSON.stringify(m)};`,
    ),
  ].join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists } = host;
  host.getSourceFile = (name, language, ...rest) =>
    name === file ? ts.createSourceFile(name, source, language) : getSourceFile(name, language, ...rest);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    if (!diagnostic.file || diagnostic.start === undefined) return message;
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return `${diagnostic.file.text.split('\n')[line - 1]?.replace(/^\/\/ /, '') ?? ''}: ${message}`;
  });
}

const CASES: Array<[string, { files?: string[]; set?: string[] }]> = [
  ['the minimum values', { files: [MINIMAL_VALUES] }],
  ['every optional feature on', { files: [ALL_FEATURES_VALUES] }],
  [
    'the demo (dev issuer, in-memory)',
    { files: [], set: ['auth.allowDevIssuer=true', 'mongodb.allowInMemory=true'] },
  ],
];

describe('the objects the chart renders', () => {
  it.each(CASES)('are valid Kubernetes API objects with %s', (_, options) => {
    const manifests = render(options);
    expect(manifests.length).toBeGreaterThan(9);
    expect(manifests.map(problemsOf).filter(Boolean)).toEqual([]);
  });

  it('carry no field their Kubernetes API type does not declare, with any of those values', () => {
    expect(unknownFieldsIn(CASES.flatMap(([, options]) => render(options)))).toEqual([]);
  });

  it('include each kind the chart can render (so every kind above was checked)', () => {
    const kinds = new Set(render({ files: [ALL_FEATURES_VALUES] }).map(kindOf));
    expect([...kinds].sort()).toEqual(Object.keys(KINDS).sort());
  });

  it('would catch a mistyped or unknown field (the checks bite)', () => {
    const [deployment] = render().filter((m) => m.kind === 'Deployment');
    const broken = structuredClone(deployment);
    const container = broken.spec.template!.spec.containers[0] as unknown as Record<string, unknown>;
    container['ports'] = [{ containerPort: 'http' }];
    expect(problemsOf(broken)).toMatch(/containerPort must be integer/);
    const misplaced = structuredClone(deployment);
    (misplaced.spec as Record<string, unknown>)['automountServiceAccountToken'] = false;
    expect(unknownFieldsIn([misplaced]).join('\n')).toMatch(
      /^apps\/v1 Deployment demo-lcm-\S+: .*'"automountServiceAccountToken"' does not exist in type 'IDeploymentSpec'/,
    );
  });
});
