import { Container, inject } from 'inversify';
import { z } from 'zod';
import { CLOCK, ManualClock } from '../core/clock';
import { FrameworkError } from '../core/framework-error';
import { LOGGER, createLogger } from '../core/logger';
import { OperationResult } from '../core/operation-result';
import {
  commandHandler,
  domainEventHandler,
  integrationEventHandler,
  queryHandler,
} from './handler-registration';
import { Mediator } from './mediator';
import type { PipelineBehavior } from './pipeline-behavior';
import { Command, Query } from './request';
import { CommandHandler, QueryHandler } from './request-handler';
import { ValidationBehavior } from './validation.behavior';

const GREETING = Symbol.for('test.Greeting');

class Greet extends Command<string> {
  static readonly schema = z.object({ name: z.string().min(2), times: z.number().int().positive() });
  constructor(
    readonly name: string,
    readonly times = 1,
  ) {
    super();
  }
}

@commandHandler(Greet)
class GreetHandler extends CommandHandler<Greet> {
  static calls = 0;
  @inject(GREETING) private readonly greeting!: string;
  async handle({ name, times }: Greet) {
    GreetHandler.calls++;
    if (name === 'nobody') return this.notFound('person', name);
    return this.created(`${this.greeting} ${name}`.repeat(times));
  }
}

class Count extends Query<number> {}

@queryHandler(Count)
class CountHandler extends QueryHandler<Count> {
  async handle() {
    return this.ok(GreetHandler.calls);
  }
}

class Broken extends Query<number> {}

@queryHandler(Broken)
class BrokenHandler extends QueryHandler<Broken> {
  async handle(): Promise<OperationResult<number>> {
    throw new Error('database is on fire');
  }
}

class Stale extends Command {}

@commandHandler(Stale)
class StaleHandler extends CommandHandler<Stale> {
  async handle(): Promise<OperationResult<void>> {
    throw new FrameworkError('concurrency', 'thing 1 was changed by another request');
  }
}

class Queue extends Command {}

@commandHandler(Queue)
class QueueHandler extends CommandHandler<Queue> {
  async handle(): Promise<OperationResult<void>> {
    throw new FrameworkError('unavailable', 'job x cannot be queued: Redis connection is reconnecting');
  }
}

class Happened {
  constructor(readonly what: string) {}
}
const seen: string[] = [];

@domainEventHandler(Happened)
class FirstListener {
  async handle(e: Happened) {
    seen.push(`first:${e.what}`);
  }
}

@domainEventHandler(Happened)
class FailingListener {
  async handle() {
    throw new Error('listener failed');
  }
}

@domainEventHandler(Happened)
class SecondListener {
  async handle(e: Happened) {
    seen.push(`second:${e.what}`);
  }
}

@integrationEventHandler('io.test.thing.done.v1', 'io.test.thing.undone.v1')
class ThingDone {
  async handle(e: { type: string; subject?: string }) {
    seen.push(`${e.type}:${e.subject}`);
  }
}

@integrationEventHandler('io.test.thing.undone.v1')
class ThingUndoneToo {
  async handle() {}
}

function build(behaviors: PipelineBehavior[] = [new ValidationBehavior()]) {
  const container = new Container({ autobind: true });
  container.bind(GREETING).toConstantValue('hello');
  // Every handler gets the service's clock and logger from its base class.
  container.bind(CLOCK).toConstantValue(new ManualClock(new Date('2026-01-01T00:00:00Z')));
  container.bind(LOGGER).toConstantValue(createLogger('mediator-spec', { level: 'silent' }));
  return new Mediator((cls) => container.get(cls), behaviors).register(
    GreetHandler,
    CountHandler,
    BrokenHandler,
    StaleHandler,
    QueueHandler,
  );
}

describe('Mediator', () => {
  beforeEach(() => {
    GreetHandler.calls = 0;
    seen.length = 0;
  });

  it('sends a command to its handler, built with its injected dependencies', async () => {
    const result = await build().execute(new Greet('ada', 2));
    expect(result).toEqual({ ok: true, status: 201, value: 'hello adahello ada' });
  });

  it('returns business failures as values', async () => {
    const result = await build().execute(new Greet('nobody'));
    expect(result.ok).toBe(false);
    expect(result.status).toBe(404);
    if (!result.ok) expect(result.problem.detail).toBe('person nobody was not found');
  });

  it('answers an invalid command with 400 and one error per bad field, without running the handler', async () => {
    const result = await build().execute(new Greet('a', -1));
    expect(GreetHandler.calls).toBe(0);
    expect(result.status).toBe(400);
    if (result.ok) throw new Error('expected a failure');
    expect(result.problem.errors?.map((e) => e.path).sort()).toEqual(['name', 'times']);
  });

  it('runs behaviors in order, outermost first, and lets them short-circuit', async () => {
    const order: string[] = [];
    const outer: PipelineBehavior = {
      handle: async (_r, next) => {
        order.push('outer');
        return next();
      },
    };
    const gate: PipelineBehavior = {
      handle: async () => {
        order.push('gate');
        return OperationResult.forbidden();
      },
    };
    const result = await build([outer, gate]).execute(new Greet('ada'));
    expect(order).toEqual(['outer', 'gate']);
    expect(result.status).toBe(403);
    expect(GreetHandler.calls).toBe(0);
  });

  it('throws a clear error for a request nobody handles', async () => {
    class Orphan extends Command {}
    await expect(build().execute(new Orphan())).rejects.toThrow('no handler is registered for Orphan');
  });

  it('refuses a second handler for the same request at registration, naming both', () => {
    @commandHandler(Greet)
    class OtherGreetHandler extends CommandHandler<Greet> {
      async handle() {
        return this.ok('x');
      }
    }
    expect(() => build().register(OtherGreetHandler)).toThrow(
      'Greet already has the handler GreetHandler; OtherGreetHandler cannot handle it too',
    );
  });

  it('refuses a class without a handler decorator', () => {
    class Plain {}
    expect(() => build().register(Plain)).toThrow('Plain has no @commandHandler');
  });

  it('turns an unexpected exception into a 500 problem without leaking its message', async () => {
    const result = await build().execute(new Broken());
    expect(result.status).toBe(500);
    expect(JSON.stringify(result)).not.toContain('fire');
  });

  it('turns a concurrency error into 409', async () => {
    const result = await build().execute(new Stale());
    expect(result.status).toBe(409);
  });

  it('turns an unreachable dependency into 503, saying which', async () => {
    const result = await build().execute(new Queue());
    expect(result).toMatchObject({
      status: 503,
      problem: { detail: 'job x cannot be queued: Redis connection is reconnecting' },
    });
  });

  it('publishes a notification to every handler even when one fails, then reports the failure', async () => {
    const mediator = build().register(FirstListener, FailingListener, SecondListener);
    await expect(mediator.publish(new Happened('x'))).rejects.toThrow('listener failed');
    expect(seen).toEqual(['first:x', 'second:x']);
  });

  it('dispatches integration events of every type a handler lists, and lists the types it subscribes to', async () => {
    const mediator = build().register(ThingDone);
    const event = { id: '1', source: '/other', subject: 'abc', data: {} };
    expect(await mediator.dispatchIntegrationEvent({ ...event, type: 'io.test.thing.done.v1' })).toBe(1);
    expect(await mediator.dispatchIntegrationEvent({ ...event, type: 'io.test.thing.undone.v1' })).toBe(1);
    expect(seen).toEqual(['io.test.thing.done.v1:abc', 'io.test.thing.undone.v1:abc']);
    expect(mediator.integrationEventTypes()).toEqual(['io.test.thing.done.v1', 'io.test.thing.undone.v1']);
    expect(
      await mediator.dispatchIntegrationEvent({ id: '2', source: '/o', type: 'io.test.other.v1', data: {} }),
    ).toBe(0);
  });

  it('refuses at start-up a second handler for a CloudEvent type, naming the type and both classes', () => {
    expect(() => build().register(ThingDone, ThingDone)).not.toThrow();
    expect(() => build().register(ThingDone, ThingUndoneToo)).toThrow(
      'CloudEvent type io.test.thing.undone.v1 already has the handler ThingDone; ThingUndoneToo cannot handle it too',
    );
  });

  it('refuses a handler that lists a CloudEvent type twice, or none', () => {
    expect(() => integrationEventHandler('io.test.a.v1', 'io.test.b.v1', 'io.test.a.v1')).toThrow(
      '@integrationEventHandler lists io.test.a.v1 twice',
    );
    expect(() => integrationEventHandler()).toThrow('needs at least one CloudEvent type');
  });

  it('reports whether a request class has a handler', async () => {
    expect(build().handles(Greet)).toBe(true);
    expect(build().handles(Count)).toBe(true);
    class Unknown extends Query<void> {}
    expect(build().handles(Unknown)).toBe(false);
  });
});
