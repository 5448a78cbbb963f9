import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { Metrics } from '../ops/metrics';
import { requestContext } from './request-context.middleware';

function appWith(lines: string[], metrics = new Metrics()) {
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
  const app = express();
  app.use(requestContext(logger, metrics));
  app.get('/api/things/:id', (req, res) => {
    req.log.info('inside');
    res.json({ id: req.params.id, requestId: req.id });
  });
  app.get('/health/live', (_req, res) => res.json({ ok: true }));
  return app;
}

describe('requestContext', () => {
  it('sets the API security headers on every response', async () => {
    const response = await request(appWith([])).get('/api/things/1').expect(200);
    expect(response.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      'content-security-policy': "frame-ancestors 'none'",
    });
  });

  it('logs one line per request with the route, status and request id, and the handler logs carry the id', async () => {
    const lines: string[] = [];
    await request(appWith(lines))
      .get('/api/things/7?secret=1')
      .set('x-request-id', 'abc-1')
      .set('authorization', 'Bearer t0ken');
    const entries = lines.map((line) => JSON.parse(line));
    expect(entries.find((e) => e.msg === 'inside')).toMatchObject({ requestId: 'abc-1' });
    expect(entries.find((e) => e.msg === 'request completed')).toMatchObject({
      requestId: 'abc-1',
      req: { method: 'GET', url: '/api/things/7' },
      res: { statusCode: 200 },
    });
    expect(lines.join('')).not.toContain('t0ken');
    expect(lines.join('')).not.toContain('secret');
  });

  it('does not log health probes but still times them', async () => {
    const lines: string[] = [];
    const metrics = new Metrics();
    await request(appWith(lines, metrics)).get('/health/live').expect(200);
    expect(lines).toEqual([]);
    expect(await metrics.registry.metrics()).toContain('route="/health/live"');
  });

  it('labels the HTTP histogram with the route pattern, never the raw id', async () => {
    const metrics = new Metrics();
    await request(appWith([], metrics)).get('/api/things/42').expect(200);
    const text = await metrics.registry.metrics();
    expect(text).toContain('route="/api/things/:id"');
    expect(text).not.toContain('/api/things/42');
  });
});
