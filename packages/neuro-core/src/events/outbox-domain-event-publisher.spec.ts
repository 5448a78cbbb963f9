import { InMemoryRepository } from '../data/in-memory.repository';
import { AggregateRoot } from '../domain/aggregate-root';
import { cloudevent } from '../domain/cloudevent.decorator';
import { DomainEvent } from '../domain/domain-event';
import { domainEventHandler } from '../mediator/handler-registration';
import { Mediator } from '../mediator/mediator';
import { OutboxDomainEventPublisher } from './outbox-domain-event-publisher';
import { captureLogs } from '../testing/capture-logs';

@cloudevent('io.test.lamp.switched.v1')
class LampSwitched extends DomainEvent {
  constructor(
    aggregateId: string,
    occurredAt: Date,
    readonly on: boolean,
  ) {
    super(aggregateId, occurredAt);
  }
}

class Lamp extends AggregateRoot<{ on: boolean }> {
  switch(on: boolean, at: Date): void {
    this._state = { on };
    this.registerEvent(new LampSwitched(this.id, at, on));
  }
}

const heard: string[] = [];

@domainEventHandler(LampSwitched)
class LampWatcher {
  async handle(event: LampSwitched) {
    heard.push(`${event.aggregateId}:${event.on}`);
  }
}

@domainEventHandler(LampSwitched)
class BrokenLampWatcher {
  async handle(): Promise<void> {
    throw new Error('watcher is broken');
  }
}

function setup(...handlers: (typeof LampWatcher | typeof BrokenLampWatcher)[]) {
  const { logger, lines } = captureLogs();
  const mediator = new Mediator((cls) => new cls()).register(...handlers);
  const relay = {
    nudges: 0,
    nudge() {
      this.nudges++;
    },
  };
  const publisher = new OutboxDomainEventPublisher({ mediator, relay, logger });
  const lamps = new InMemoryRepository<Lamp, { on: boolean }>({
    collection: 'lamps',
    source: '/test',
    rehydrate: (id, state, version) => new Lamp(id, state, version),
    publisher,
  });
  return { lamps, relay, lines };
}

describe('OutboxDomainEventPublisher', () => {
  beforeEach(() => {
    heard.length = 0;
  });

  it('publishes saved domain events to local handlers and wakes the relay', async () => {
    const { lamps, relay } = setup(LampWatcher);
    const lamp = new Lamp('lamp-1', { on: false });
    lamp.switch(true, new Date());

    await lamps.add(lamp);

    expect(heard).toEqual(['lamp-1:true']);
    expect(relay.nudges).toBe(1);
    expect(await lamps.pendingOutbox(10)).toEqual([
      {
        aggregateId: 'lamp-1',
        entries: [expect.objectContaining({ type: 'io.test.lamp.switched.v1', data: { on: true } })],
      },
    ]);
  });

  it('logs a failing local handler and keeps the save and its outbox', async () => {
    const { lamps, lines } = setup(BrokenLampWatcher, LampWatcher);
    const lamp = new Lamp('lamp-2', { on: false });
    lamp.switch(true, new Date());

    await expect(lamps.add(lamp)).resolves.toBeUndefined();

    expect(heard).toEqual(['lamp-2:true']);
    expect((await lamps.get('lamp-2'))?.state).toEqual({ on: true });
    expect(await lamps.pendingOutbox(10)).toHaveLength(1);
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 50,
        aggregateId: 'lamp-2',
        event: 'LampSwitched',
        msg: expect.stringContaining('save stands'),
      }),
    );
  });

  it('does not wake the relay for a save without events', async () => {
    const { lamps, relay } = setup();

    await lamps.add(new Lamp('lamp-3', { on: false }));

    expect(relay.nudges).toBe(0);
  });
});
