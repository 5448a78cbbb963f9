import express from 'express';
import request from 'supertest';
import type { HealthCheck } from './health-check';
import { createHealthRouter } from './health.router';

const healthy: HealthCheck = { name: 'mongo', check: async () => ({ ok: true }) };
const down: HealthCheck = {
  name: 'redis',
  check: async () => ({ ok: false, detail: 'connection is reconnecting' }),
};
const throwing: HealthCheck = {
  name: 'ec2',
  check: async () => {
    throw new Error('credentials expired');
  },
};
const hanging: HealthCheck = { name: 'cml', check: () => new Promise(() => undefined) };

function appWith(checks: HealthCheck[], timeoutMs?: number) {
  return express().use(createHealthRouter({ checks, timeoutMs }));
}

describe('health endpoints', () => {
  it('/health/live answers 200 even when dependencies are down', async () => {
    await request(appWith([down]))
      .get('/health/live')
      .expect(200, { status: 'ok' });
  });

  it('/health/ready answers 200 with every check when all pass', async () => {
    const response = await request(appWith([healthy]))
      .get('/health/ready')
      .expect(200);
    expect(response.body).toEqual({ status: 'ok', checks: { mongo: { ok: true } } });
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('/health/ready answers 503 naming the failing, throwing and silent checks', async () => {
    const response = await request(appWith([healthy, down, throwing, hanging], 50))
      .get('/health/ready')
      .expect(503);
    expect(response.body).toEqual({
      status: 'unavailable',
      checks: {
        mongo: { ok: true },
        redis: { ok: false, detail: 'connection is reconnecting' },
        ec2: { ok: false, detail: 'credentials expired' },
        cml: { ok: false, detail: 'no answer within 50 ms' },
      },
    });
  });

  it('/health/ready is ready when the service has nothing to check', async () => {
    await request(express().use(createHealthRouter()))
      .get('/health/ready')
      .expect(200, { status: 'ok', checks: {} });
  });
});
