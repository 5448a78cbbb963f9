import { registerDomainGauge } from './domain-gauge';
import { Metrics } from './metrics';

describe('registerDomainGauge', () => {
  it('reports what read answers at each scrape, and forgets label sets that are gone', async () => {
    const metrics = new Metrics();
    let samples = [
      { labels: { status: 'RUNNING' }, value: 2 },
      { labels: { status: 'STOPPED' }, value: 1 },
    ];
    registerDomainGauge(metrics, {
      name: 'lcm_things',
      help: 'Things by status',
      labelNames: ['status'],
      read: async () => samples,
    });
    expect(await metrics.registry.metrics()).toContain('lcm_things{status="STOPPED"} 1');
    samples = [{ labels: { status: 'RUNNING' }, value: 3 }];
    const text = await metrics.registry.metrics();
    expect(text).toContain('lcm_things{status="RUNNING"} 3');
    expect(text).not.toContain('STOPPED');
  });
});
