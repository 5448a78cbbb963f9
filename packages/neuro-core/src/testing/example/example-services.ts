// Two tiny services used by the framework's end-to-end test: "notes" owns a Note aggregate and emits
// `io.example.note.created.v1`; "inbox" receives it. Kept in one file because it is a fixture that shows
// the whole shape of a service at a glance, not product code.
import { inject } from 'inversify';
import { z } from 'zod';
import { DomainResult } from '../../domain/domain-result';
import { AggregateRoot } from '../../domain/aggregate-root';
import { cloudevent } from '../../domain/cloudevent.decorator';
import { DomainEvent } from '../../domain/domain-event';
import { Repository } from '../../data/repository';
import { ControllerBase } from '../../hosting/controller-base';
import { get, patch, post, roles } from '../../hosting/route.decorators';
import { commandHandler, integrationEventHandler, queryHandler } from '../../mediator/handler-registration';
import type { IntegrationEvent } from '../../mediator/integration-event';
import { Command, Query } from '../../mediator/request';
import { CommandHandler, QueryHandler } from '../../mediator/request-handler';
import type { EventProducers } from '../../events/event-producers';
import { commonSettings } from '../../service/common-settings';
import type { ServiceDefinition } from '../../service/service-definition';

export const NOTE_REPOSITORY = Symbol.for('example.NoteRepository');

interface NoteState {
  title: string;
  createdBy: string;
}

@cloudevent('io.example.note.created.v1')
export class NoteCreated extends DomainEvent {
  constructor(
    id: string,
    at: Date,
    readonly title: string,
  ) {
    super(id, at);
  }
}

@cloudevent('io.example.note.renamed.v1')
class NoteRenamed extends DomainEvent {
  constructor(
    id: string,
    at: Date,
    readonly title: string,
  ) {
    super(id, at);
  }
}

class Note extends AggregateRoot<NoteState> {
  static create(id: string, title: string, by: string, at: Date): Note {
    const note = new Note(id, { title, createdBy: by });
    note.registerEvent(new NoteCreated(id, at, title));
    return note;
  }

  rename(title: string, at: Date): DomainResult {
    if (title === this.state.title) return DomainResult.fail(`note ${this.id} is already titled "${title}"`);
    this._state.title = title;
    this.registerEvent(new NoteRenamed(this.id, at, title));
    return DomainResult.ok();
  }
}

type NoteDto = NoteState & { id: string; stateVersion: number };
const toDto = (note: Note): NoteDto => ({ id: note.id, ...note.state, stateVersion: note.stateVersion });

class CreateNoteCommand extends Command<NoteDto> {
  static readonly schema = z.object({ id: z.uuid(), title: z.string().min(1).max(100), by: z.string() });
  constructor(
    readonly id: string,
    readonly title: string,
    readonly by: string,
  ) {
    super();
  }
}

@commandHandler(CreateNoteCommand)
class CreateNoteHandler extends CommandHandler<CreateNoteCommand> {
  @inject(NOTE_REPOSITORY) private readonly notes!: Repository<Note>;

  async handle({ id, title, by }: CreateNoteCommand) {
    const note = Note.create(id, title, by, this.clock.now());
    await this.notes.add(note);
    return this.created(toDto(note));
  }
}

class RenameNoteCommand extends Command<NoteDto> {
  static readonly schema = z.object({ title: z.string().min(1).max(100) });
  constructor(
    readonly id: string,
    readonly title: string,
    /** The stateVersion the client last saw (If-Match); a stale one makes the save fail with 409. */
    readonly expectedVersion?: number,
  ) {
    super();
  }
}

@commandHandler(RenameNoteCommand)
class RenameNoteHandler extends CommandHandler<RenameNoteCommand> {
  @inject(NOTE_REPOSITORY) private readonly notes!: Repository<Note>;

  async handle({ id, title, expectedVersion }: RenameNoteCommand) {
    const current = await this.notes.get(id);
    if (!current) return this.notFound('note', id);
    const note =
      expectedVersion === undefined ? current : new Note(id, { ...current.state }, expectedVersion);
    const renamed = note.rename(title, this.clock.now());
    if (!renamed.ok) return this.conflict(renamed.error);
    await this.notes.update(note);
    return this.ok(toDto(note));
  }
}

class GetNoteQuery extends Query<NoteDto> {
  constructor(readonly id: string) {
    super();
  }
}

@queryHandler(GetNoteQuery)
class GetNoteHandler extends QueryHandler<GetNoteQuery> {
  @inject(NOTE_REPOSITORY) private readonly notes!: Repository<Note>;

  async handle({ id }: GetNoteQuery) {
    const note = await this.notes.get(id);
    return note ? this.ok(toDto(note)) : this.notFound('note', id);
  }
}

const idParams = z.object({ id: z.string() });

export class NotesController extends ControllerBase {
  @post('/', { body: z.object({ id: z.uuid(), title: z.string() }), status: 201 })
  @roles('writer')
  create({ body, user }: { body: { id: string; title: string }; user: { sub: string } }) {
    return this.mediator.execute(new CreateNoteCommand(body.id, body.title, user.sub));
  }

  @get('/:id', { params: idParams })
  @roles('reader', 'writer')
  read({ params }: { params: { id: string } }) {
    return this.mediator.execute(new GetNoteQuery(params.id));
  }

  @patch('/:id', { params: idParams, body: z.object({ title: z.string() }) })
  @roles('writer')
  rename({
    params,
    body,
    req,
  }: {
    params: { id: string };
    body: { title: string };
    req: { headers: Record<string, unknown> };
  }) {
    const ifMatch = req.headers['if-match'];
    const expected = typeof ifMatch === 'string' ? Number(ifMatch.replaceAll('"', '')) : undefined;
    return this.mediator.execute(new RenameNoteCommand(params.id, body.title, expected));
  }
}

/** What the inbox saw, per CloudEvent id: a count above 1 would be a duplicate delivery to the handler. */
export const inboxReceipts = new Map<string, { title: string; count: number }>();

@integrationEventHandler('io.example.note.created.v1')
class NoteCreatedReceiver {
  async handle(event: IntegrationEvent<{ title: string }>) {
    const seen = inboxReceipts.get(event.id);
    inboxReceipts.set(event.id, { title: event.data.title, count: (seen?.count ?? 0) + 1 });
  }
}

/** The examples' event catalog: notes sends the note events. */
const exampleProducers: EventProducers = {
  producerOf: (type) => (type.startsWith('io.example.note.') ? 'notes' : undefined),
  services: ['notes', 'inbox'],
  external: [],
};

/** The sender: a service with one aggregate, a controller and a CloudEvent. */
export const notesService: ServiceDefinition = {
  name: 'notes',
  title: 'Notes (example)',
  version: '1.0.0',
  settings: commonSettings(0),
  repositories: [
    {
      token: NOTE_REPOSITORY,
      collection: 'notes',
      rehydrate: (id, state: NoteState, version) => new Note(id, state, version),
    },
  ],
  eventProducers: exampleProducers,
  handlers: [CreateNoteHandler, RenameNoteHandler, GetNoteHandler],
  controllers: [NotesController],
};

/** The receiver: no API of its own, one integration-event handler. */
export const inboxService: ServiceDefinition = {
  name: 'inbox',
  title: 'Inbox (example)',
  version: '1.0.0',
  settings: commonSettings(0),
  eventProducers: exampleProducers,
  handlers: [NoteCreatedReceiver],
  controllers: [],
};
