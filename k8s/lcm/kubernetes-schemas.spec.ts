// Every object the chart renders is checked against the Kubernetes API schemas that kubernetes-models ships
// (generated from the Kubernetes OpenAPI spec; the ServiceMonitor from prometheus-operator's CRD), offline.
// These schemas check types, required fields and formats; like the OpenAPI spec they come from, they do not
// refuse unknown fields.
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { ALL_FEATURES_VALUES, type Manifest, MINIMAL_VALUES, render } from './render-chart';

type Model = new (data: never) => { validate(): void };

const MODELS: Record<string, Model> = {
  'apps/v1 Deployment': Deployment,
  'autoscaling/v2 HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'monitoring.coreos.com/v1 ServiceMonitor': ServiceMonitor,
  'networking.k8s.io/v1 Ingress': Ingress,
  'networking.k8s.io/v1 NetworkPolicy': NetworkPolicy,
  'policy/v1 PodDisruptionBudget': PodDisruptionBudget,
  'v1 Service': Service,
  'v1 ServiceAccount': ServiceAccount,
};

/** The schema errors of one object ('' when valid), prefixed with its kind and name. */
function problemsOf(manifest: Manifest): string {
  const Model = MODELS[`${manifest.apiVersion} ${manifest.kind}`];
  const name = `${manifest.apiVersion} ${manifest.kind} ${manifest.metadata.name}`;
  if (!Model) return `${name}: no schema known for it`;
  try {
    new Model(manifest as never).validate();
    return '';
  } catch (error) {
    return `${name}: ${(error as Error).message}`;
  }
}

describe('the objects the chart renders', () => {
  it.each([
    ['the minimum values', { files: [MINIMAL_VALUES] }],
    ['every optional feature on', { files: [ALL_FEATURES_VALUES] }],
    [
      'the demo (dev issuer, in-memory)',
      { files: [], set: ['auth.allowDevIssuer=true', 'mongodb.allowInMemory=true'] },
    ],
  ])('are valid Kubernetes API objects with %s', (_, options) => {
    const manifests = render(options);
    expect(manifests.length).toBeGreaterThan(9);
    expect(manifests.map(problemsOf).filter(Boolean)).toEqual([]);
  });

  it('include each kind the chart can render (so every kind above was checked)', () => {
    const kinds = new Set(render({ files: [ALL_FEATURES_VALUES] }).map((m) => `${m.apiVersion} ${m.kind}`));
    expect([...kinds].sort()).toEqual(Object.keys(MODELS).sort());
  });

  it('would catch a malformed object (the check bites)', () => {
    const [deployment] = render().filter((m) => m.kind === 'Deployment');
    const broken = structuredClone(deployment);
    (broken.spec.template!.spec.containers[0] as unknown as { ports: unknown }).ports = [
      { containerPort: 'http' },
    ];
    expect(problemsOf(broken)).toMatch(/containerPort must be integer/);
  });
});
