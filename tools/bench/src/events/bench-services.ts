// The two services of the events benchmark: `bench-producer` saves a Tick aggregate whose creation is a
// domain event, `bench-receiver` handles that CloudEvent. Both are ordinary service definitions, so the
// event travels as in production: outbox -> relay -> BullMQ -> delivery POST -> token, allow-list,
// de-duplication -> handler.
import { inject } from 'inversify';
import {
  AggregateRoot,
  CLOCK,
  type Clock,
  Command,
  CommandHandler,
  DomainEvent,
  type IntegrationEvent,
  Repository,
  cloudevent,
  commandHandler,
  commonSettings,
  integrationEventHandler,
} from '@lcm/neuro-core';
import type { EventProducers, ServiceDefinition } from '@lcm/neuro-core/hosting';

export const TICK_TYPE = 'io.bench.tick.happened.v1';
const TICKS = Symbol.for('bench.TickRepository');

@cloudevent(TICK_TYPE)
class TickHappened extends DomainEvent {
  constructor(
    id: string,
    at: Date,
    readonly sequence: number,
  ) {
    super(id, at);
  }
}

class Tick extends AggregateRoot<{ sequence: number }> {
  static happen(id: string, sequence: number, at: Date): Tick {
    const tick = new Tick(id, { sequence });
    tick.registerEvent(new TickHappened(id, at, sequence));
    return tick;
  }
}

/** Saves one new Tick: one aggregate write with one event in its outbox. */
export class SaveTickCommand extends Command<void> {
  constructor(
    readonly id: string,
    readonly sequence: number,
  ) {
    super();
  }
}

@commandHandler(SaveTickCommand)
class SaveTickHandler extends CommandHandler<SaveTickCommand> {
  constructor(
    @inject(TICKS) private readonly ticks: Repository<Tick>,
    @inject(CLOCK) private readonly clock: Clock,
  ) {
    super();
  }

  async handle({ id, sequence }: SaveTickCommand) {
    await this.ticks.add(Tick.happen(id, sequence, this.clock.now()));
    return this.ok(undefined);
  }
}

/** Called by the receiver's handler with each tick's sequence number; the benchmark sets it. */
export const received: { onTick: (sequence: number) => void } = { onTick: () => undefined };

@integrationEventHandler(TICK_TYPE)
class TickReceiver {
  async handle(event: IntegrationEvent<{ sequence: number }>) {
    received.onTick(event.data.sequence);
  }
}

const producers: EventProducers = {
  producerOf: (type) => (type === TICK_TYPE ? 'bench-producer' : undefined),
  services: ['bench-producer', 'bench-receiver'],
  external: [],
};

export const producerService: ServiceDefinition = {
  name: 'bench-producer',
  title: 'Events benchmark producer',
  version: '1.0.0',
  settings: commonSettings(0),
  repositories: [
    {
      token: TICKS,
      collection: 'ticks',
      rehydrate: (id, state: { sequence: number }, version) => new Tick(id, state, version),
    },
  ],
  eventProducers: producers,
  handlers: [SaveTickHandler],
  controllers: [],
};

export const receiverService: ServiceDefinition = {
  name: 'bench-receiver',
  title: 'Events benchmark receiver',
  version: '1.0.0',
  settings: commonSettings(0),
  eventProducers: producers,
  handlers: [TickReceiver],
  controllers: [],
};
