import { Histogram, Registry } from 'prom-client';
import { HotHistogram } from './hot-histogram';

const BUCKETS = [0.005, 0.01, 0.1, 1];
const OBSERVATIONS: Array<[{ method: string; status: string }, number]> = [
  [{ method: 'GET', status: '200' }, 0.003],
  [{ method: 'GET', status: '200' }, 0.005], // on a bound: counted in that bucket, as Prometheus defines `le`
  [{ method: 'GET', status: '200' }, 0.2],
  [{ method: 'POST', status: '201' }, 7],
  [{ status: '404', method: 'GET' }, 0.02],
];

/** The exposition with the labels inside each `{}` sorted: their order carries no meaning to Prometheus. */
function normalized(text: string): string {
  return text.replace(/\{([^}]*)\}/g, (_, labels: string) => `{${labels.split(',').sort().join(',')}}`);
}

function exposition(
  make: (registry: Registry) => { observe: (l: { method: string; status: string }, v: number) => void },
) {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'svc' });
  const histogram = make(registry);
  for (const [labels, value] of OBSERVATIONS) histogram.observe(labels, value);
  return registry.metrics().then(normalized);
}

describe('HotHistogram', () => {
  const configuration = (registry: Registry) => ({
    name: 'lcm_test_duration_seconds',
    help: 'test durations',
    labelNames: ['method', 'status'] as const,
    buckets: BUCKETS,
    registers: [registry],
  });

  it('exposes exactly what a prom-client histogram exposes for the same observations', async () => {
    const hot = await exposition((registry) => new HotHistogram(configuration(registry)));
    const reference = await exposition(
      (registry) => new Histogram({ ...configuration(registry), labelNames: ['method', 'status'] }),
    );
    expect(hot).toBe(reference);
    expect(hot).toContain(
      'lcm_test_duration_seconds_bucket{le="0.005",method="GET",service="svc",status="200"} 2',
    );
    expect(hot).toContain(
      'lcm_test_duration_seconds_bucket{le="+Inf",method="POST",service="svc",status="201"} 1',
    );
    expect(hot).toContain('lcm_test_duration_seconds_count{method="GET",service="svc",status="404"} 1');
  });

  it('starts empty again after the registry resets its metrics, and refuses a second metric of its name', async () => {
    const registry = new Registry();
    const histogram = new HotHistogram(configuration(registry));
    histogram.observe({ method: 'GET', status: '200' }, 0.5);
    registry.resetMetrics();
    expect(await registry.metrics()).not.toContain('_count');
    expect(() => new HotHistogram(configuration(registry))).toThrow(/already been registered/);
  });
});
