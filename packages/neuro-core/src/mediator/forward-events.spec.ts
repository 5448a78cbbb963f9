import { Container } from 'inversify';
import { z } from 'zod';
import { CLOCK, ManualClock } from '../core/clock';
import { FrameworkError } from '../core/framework-error';
import { LOGGER, createLogger } from '../core/logger';
import { OperationResult } from '../core/operation-result';
import { forEachType, forwardEvents } from './forward-events';
import { commandHandler } from './handler-registration';
import type { IntegrationEvent } from './integration-event';
import { MEDIATOR, Mediator } from './mediator';
import { Command } from './request';
import { CommandHandler } from './request-handler';
import { ValidationBehavior } from './validation.behavior';

const PARCEL_SENT = 'io.test.parcel.sent.v1';
const PARCEL_LOST = 'io.test.parcel.lost.v1';
const DOOR_OPENED = 'io.test.door.opened.v1';
const DOOR_CLOSED = 'io.test.door.closed.v1';

const ParcelSchema = z.object({ parcelId: z.string(), to: z.string().optional() });
const DoorSchema = z.object({ doorId: z.string() });

/** What the handler answers next; every test sets it. */
let answer: OperationResult<void> = OperationResult.noContent();
const executed: RecordParcel[] = [];

class RecordParcel extends Command {
  static readonly schema = z.object({ parcelId: z.string().min(3), seenAt: z.date() });
  constructor(
    readonly parcelId: string,
    readonly seenAt: Date,
  ) {
    super();
  }
}

@commandHandler(RecordParcel)
class RecordParcelHandler extends CommandHandler<RecordParcel> {
  async handle(command: RecordParcel) {
    executed.push(command);
    return answer;
  }
}

const ParcelEvents = forwardEvents('ParcelEvents', {
  ...forEachType([PARCEL_SENT, PARCEL_LOST], {
    schema: ParcelSchema,
    toCommand: (parcel, { time }) => new RecordParcel(parcel.parcelId, time),
    retryRefusal: (refusal, parcel) => refusal.status === 404 && parcel.to !== undefined,
  }),
  [DOOR_OPENED]: {
    schema: DoorSchema,
    toCommand: (door) => `door ${door.doorId} has no parcels`,
  },
});

const OtherDoorEvents = forwardEvents('OtherDoorEvents', {
  [DOOR_CLOSED]: { schema: DoorSchema, toCommand: () => 'nothing' },
  [DOOR_OPENED]: { schema: DoorSchema, toCommand: () => 'nothing' },
});

function setup() {
  const lines: Record<string, unknown>[] = [];
  const destination = { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) };
  const container = new Container({ autobind: true, defaultScope: 'Singleton' });
  const clock = new ManualClock(new Date('2026-05-04T10:00:00Z'));
  container.bind(CLOCK).toConstantValue(clock);
  container.bind(LOGGER).toConstantValue(createLogger('receiver', { level: 'debug', destination }));
  const mediator = new Mediator((handler) => container.get(handler), [new ValidationBehavior()]);
  container.bind(MEDIATOR).toConstantValue(mediator);
  mediator.register(RecordParcelHandler, ParcelEvents);
  const receive = (event: Partial<IntegrationEvent>) =>
    mediator.dispatchIntegrationEvent({
      id: 'e-1',
      source: '/sender',
      type: PARCEL_SENT,
      data: {},
      ...event,
    });
  return { mediator, clock, lines, receive };
}

describe('forwardEvents', () => {
  beforeEach(() => {
    answer = OperationResult.noContent();
    executed.length = 0;
  });

  it('is one handler class, named as given, for every type of its table', () => {
    const { mediator } = setup();
    expect(ParcelEvents.name).toBe('ParcelEvents');
    expect(mediator.integrationEventTypes()).toEqual([PARCEL_SENT, PARCEL_LOST, DOOR_OPENED]);
  });

  it('runs the command the schema-parsed data maps to, with the time the sender gave', async () => {
    const { receive } = setup();
    await receive({ type: PARCEL_LOST, time: '2026-05-01T08:30:00Z', data: { parcelId: 'p-42' } });
    expect(executed).toEqual([new RecordParcel('p-42', new Date('2026-05-01T08:30:00Z'))]);
  });

  it('takes the receiver clock for an event without time, not the epoch', async () => {
    const { receive } = setup();
    await receive({ data: { parcelId: 'p-43' } });
    expect(executed[0]?.seenAt).toEqual(new Date('2026-05-04T10:00:00Z'));
  });

  it('acknowledges data that fails the contract schema, without running a command, and warns naming the field', async () => {
    const { receive, lines } = setup();
    await expect(receive({ id: 'bad-1', data: { parcelId: 7 } })).resolves.toBe(1);
    expect(executed).toEqual([]);
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 40,
        eventId: 'bad-1',
        type: PARCEL_SENT,
        issues: [expect.stringMatching(/^parcelId: /)],
        msg: 'CloudEvent data does not match its contract; acknowledged without effect',
      }),
    );
  });

  it.each([
    [404, 30],
    [409, 30],
    [422, 40],
  ])('acknowledges a %i refusal and logs it at level %i', async (status, level) => {
    const { receive, lines } = setup();
    answer = OperationResult.fail(status, 'parcel p-44 is delivered already');
    await expect(receive({ data: { parcelId: 'p-44' } })).resolves.toBe(1);
    expect(lines).toContainEqual(
      expect.objectContaining({ level, status, detail: 'parcel p-44 is delivered already' }),
    );
  });

  it('acknowledges a command its own validation refuses, warning with the field errors', async () => {
    const { receive, lines } = setup();
    await expect(receive({ data: { parcelId: 'p' } })).resolves.toBe(1);
    expect(executed).toEqual([]);
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 40,
        status: 400,
        errors: [expect.objectContaining({ path: 'parcelId' })],
      }),
    );
  });

  it('throws on a server failure, so the sender retries', async () => {
    const { receive } = setup();
    answer = OperationResult.internalError();
    await expect(receive({ id: 'e-9', data: { parcelId: 'p-45' } })).rejects.toThrow(
      `CloudEvent e-9 (${PARCEL_SENT}) failed with 500`,
    );
  });

  it('throws "unavailable" when the command found a service it needs unavailable, so the receiver answers 503', async () => {
    const { receive } = setup();
    answer = OperationResult.unavailable('Redis is not ready');
    const error: unknown = await receive({ id: 'e-10', data: { parcelId: 'p-46' } }).catch((e) => e);
    expect(FrameworkError.is(error, 'unavailable')).toBe(true);
    expect((error as Error).message).toContain(`CloudEvent e-10 (${PARCEL_SENT}) failed with 503`);
  });

  it('throws when the command mapping itself fails, so the sender retries', async () => {
    const Throwing = forwardEvents('Throwing', {
      'io.test.broken.v1': {
        schema: DoorSchema,
        toCommand: () => {
          throw new Error('mapping bug');
        },
      },
    });
    const { mediator, receive } = setup();
    mediator.register(Throwing);
    await expect(
      mediator.dispatchIntegrationEvent({
        id: 'e',
        source: '/s',
        type: 'io.test.broken.v1',
        data: { doorId: 'd' },
      }),
    ).rejects.toThrow('mapping bug');
    await expect(receive({ data: { parcelId: 'p-46' } })).resolves.toBe(1);
  });

  it('throws on the refusals retryRefusal picks, so the sender delivers again later; acknowledges the others', async () => {
    const { receive } = setup();
    answer = OperationResult.notFound('parcel', 'p-47');
    await expect(receive({ data: { parcelId: 'p-47', to: 'Oslo' } })).rejects.toThrow(
      'was refused with 404 for now (parcel p-47 was not found); to be redelivered',
    );
    await expect(receive({ data: { parcelId: 'p-47' } })).resolves.toBe(1);
  });

  it('acknowledges an event whose mapping says it asks for nothing, warning with the reason', async () => {
    const { receive, lines } = setup();
    await receive({ type: DOOR_OPENED, data: { doorId: 'd-1' } });
    expect(executed).toEqual([]);
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 40, reason: 'door d-1 has no parcels', type: DOOR_OPENED }),
    );
  });

  it('refuses at start-up a second forwarder of the same type, naming the type', () => {
    const { mediator } = setup();
    expect(() => mediator.register(OtherDoorEvents)).toThrow(
      `CloudEvent type ${DOOR_OPENED} already has the handler ParcelEvents; OtherDoorEvents cannot handle it too`,
    );
  });
});
