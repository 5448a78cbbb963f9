import express from 'express';
import request from 'supertest';
import { OperationResult } from '../core/operation-result';
import { sendProblem } from '../hosting/send-problem';
import { Command, Query } from '../mediator/request';
import { RedisGateBehavior } from './redis-gate.behavior';

class RenameWorker extends Command<void> {}
class GetWorkers extends Query<string[]> {}

describe('RedisGateBehavior', () => {
  it('refuses a command with 503 while Redis is not ready, without running its handler', async () => {
    const handler = jest.fn(async () => OperationResult.noContent());
    const result = await new RedisGateBehavior({ status: 'reconnecting' }).handle(
      new RenameWorker(),
      handler,
    );
    expect(handler).not.toHaveBeenCalled();
    expect(result).toEqual({
      ok: false,
      status: 503,
      problem: expect.objectContaining({
        status: 503,
        detail: 'Redis is unavailable (connection reconnecting); nothing was changed, retry later',
      }),
    });
  });

  it('lets commands through once Redis is ready, and queries at any time', async () => {
    const ready = new RedisGateBehavior({ status: 'ready' });
    const down = new RedisGateBehavior({ status: 'close' });
    expect(await ready.handle(new RenameWorker(), async () => OperationResult.noContent())).toMatchObject({
      ok: true,
    });
    expect(await down.handle(new GetWorkers(), async () => OperationResult.ok(['w1']))).toEqual(
      OperationResult.ok(['w1']),
    );
  });
});

describe('sendProblem', () => {
  it('tells a client when to retry a 503 or 429, and keeps a Retry-After already set', async () => {
    const app = express();
    app.get('/down', (req, res) => sendProblem(req, res, OperationResult.unavailable('later').problem));
    app.get('/busy', (req, res) => {
      res.set('Retry-After', '1');
      sendProblem(req, res, OperationResult.fail(429, 'slow down').problem);
    });
    app.get('/missing', (req, res) => sendProblem(req, res, OperationResult.notFound('thing', 1).problem));

    const down = await request(app).get('/down');
    expect([down.status, down.headers['retry-after'], down.headers['content-type']]).toEqual([
      503,
      '2',
      'application/problem+json; charset=utf-8',
    ]);
    expect((await request(app).get('/busy')).headers['retry-after']).toBe('1');
    expect((await request(app).get('/missing')).headers['retry-after']).toBeUndefined();
  });
});
