import { OperationResult } from '../core/operation-result';
import { Query } from '../mediator/request';
import { MetricsBehavior } from './metrics.behavior';
import { Metrics } from './metrics';

class GetWorkers extends Query<string[]> {}

async function samples(metrics: Metrics) {
  const { values } = await metrics.mediatorDuration.get();
  return values.filter((v) => v.metricName === 'lcm_mediator_request_duration_seconds_count');
}

describe('MetricsBehavior', () => {
  it('times requests by request type and outcome: ok, the failure status, or error when the handler threw', async () => {
    const metrics = new Metrics();
    const behavior = new MetricsBehavior(metrics);

    await behavior.handle(new GetWorkers(), async () => OperationResult.ok([]));
    await behavior.handle(new GetWorkers(), async () => OperationResult.notFound('CmlWorker', 'w1'));
    await expect(
      behavior.handle(new GetWorkers(), async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');

    expect((await samples(metrics)).map((s) => [s.labels, s.value])).toEqual([
      [{ request: 'GetWorkers', outcome: 'ok' }, 1],
      [{ request: 'GetWorkers', outcome: '404' }, 1],
      [{ request: 'GetWorkers', outcome: 'error' }, 1],
    ]);
  });
});
