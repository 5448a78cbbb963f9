import pino from 'pino';
import request from 'supertest';
import { z } from 'zod';
import { ControllerBase } from '../hosting/controller-base';
import { createHttpApp } from '../hosting/create-http-app';
import type { RouteContext } from '../hosting/route-context';
import { get } from '../hosting/route.decorators';
import { Metrics } from './metrics';

class GaugesController extends ControllerBase {
  @get('/:id', { anonymous: true, params: z.object({ id: z.string() }) })
  one({ params }: RouteContext) {
    return { id: params['id'] };
  }
}

describe('/metrics', () => {
  it('serves the Prometheus text with HTTP durations by method, route pattern and status', async () => {
    const metrics = new Metrics({ service: 'worker-manager' });
    const app = createHttpApp({
      logger: pino({ level: 'silent' }),
      metrics,
      controllers: [GaugesController],
      resolve: (controller) => new controller(),
    });
    await request(app).get('/api/gauges/g-1').expect(200);
    await request(app).get('/api/gauges/g-2').expect(200);
    await request(app).get('/nowhere/at/all').expect(404);

    const response = await request(app).get('/metrics').expect(200);

    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.text).toContain('# TYPE lcm_http_request_duration_seconds histogram');
    expect(response.text).toContain(
      'lcm_http_request_duration_seconds_count{method="GET",route="/api/gauges/:id",status="200",service="worker-manager"} 2',
    );
    expect(response.text).toContain(
      'lcm_http_request_duration_seconds_count{method="GET",route="unmatched",status="404",service="worker-manager"} 1',
    );
    expect(response.text).not.toContain('g-1');
  });
});
