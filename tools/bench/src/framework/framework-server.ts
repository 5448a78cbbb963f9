// One side of the framework benchmark, in its own process: the same two endpoints written three ways.
//   GET  /api/items            a query answering a 20-item list
//   POST /api/items/:id/adjust a command that loads an aggregate, changes it and saves it (in memory)
// `bare` is plain express, `neuro` the neuro-core HTTP app and mediator with its behaviors (as a service
// runs it, auth off), `nest` NestJS 11 with @nestjs/cqrs (controller -> CommandBus/QueryBus -> handler).
// Each validates the body with the same zod schema and logs at warn, so no per-request line is written.
import 'reflect-metadata';
import express from 'express';
import { Container, inject } from 'inversify';
import { z } from 'zod';
import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  Inject,
  Injectable,
  Module,
  NotFoundException,
  Param,
  type PipeTransform,
  Post,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  CommandBus,
  CommandHandler as NestCommandHandler,
  CqrsModule,
  type ICommandHandler,
  type IQueryHandler,
  QueryBus,
  QueryHandler as NestQueryHandler,
} from '@nestjs/cqrs';
import {
  AggregateRoot,
  Command,
  CommandHandler,
  ControllerBase,
  DomainResult,
  Mediator,
  Query,
  QueryHandler,
  commandHandler,
  get,
  loadActSave,
  post,
  queryHandler,
} from '@lcm/neuro-core';
import {
  HttpServerHost,
  InMemoryRepository,
  LoggingBehavior,
  Metrics,
  MetricsBehavior,
  ValidationBehavior,
  createHttpApp,
  createLogger,
} from '@lcm/neuro-core/hosting';
import { AdjustBody, type ItemState, LIST, PlainItemStore, SEED_ID, seedState } from './items';

// ---------------------------------------------------------------- bare express

function bareApp(): express.Express {
  const store = new PlainItemStore();
  const app = express();
  app.use(express.json());
  app.get('/api/items', (_req, res) => {
    res.json(LIST);
  });
  app.post('/api/items/:id/adjust', (req, res) => {
    const parsed = AdjustBody.safeParse(req.body);
    if (!parsed.success) return void res.status(400).json({ status: 400 });
    const item = store.get(req.params.id);
    if (!item) return void res.status(404).json({ status: 404 });
    if (item.state.quantity + parsed.data.delta < 0) return void res.status(409).json({ status: 409 });
    item.state.quantity += parsed.data.delta;
    store.update(item);
    res.json({ id: item.id, ...item.state, stateVersion: item.version });
  });
  return app;
}

// ---------------------------------------------------------------- neuro-core

class Item extends AggregateRoot<ItemState> {
  adjust(delta: number): DomainResult {
    if (this._state.quantity + delta < 0) return DomainResult.fail(`item ${this.id} would go below zero`);
    this._state.quantity += delta;
    return DomainResult.ok();
  }
}
const itemDto = (item: Item) => ({ id: item.id, ...item.state, stateVersion: item.stateVersion });
type ItemDto = ReturnType<typeof itemDto>;

const ITEMS = Symbol.for('bench.ItemRepository');

class ListItemsQuery extends Query<typeof LIST> {}

@queryHandler(ListItemsQuery)
class ListItemsHandler extends QueryHandler<ListItemsQuery> {
  async handle() {
    return this.ok(LIST);
  }
}

class AdjustItemCommand extends Command<ItemDto> {
  static readonly schema = AdjustBody;
  constructor(
    readonly id: string,
    readonly delta: number,
  ) {
    super();
  }
}

@commandHandler(AdjustItemCommand)
class AdjustItemHandler extends CommandHandler<AdjustItemCommand> {
  constructor(@inject(ITEMS) private readonly items: InMemoryRepository<Item, ItemState>) {
    super();
  }

  async handle({ id, delta }: AdjustItemCommand) {
    const acted = await loadActSave(this.items, id, 'item', (item) => item.adjust(delta));
    return acted.ok ? this.ok(itemDto(acted.value.aggregate)) : acted;
  }
}

class ItemsController extends ControllerBase {
  @get('/', { anonymous: true })
  list() {
    return this.mediator.execute(new ListItemsQuery());
  }

  @post('/:id/adjust', { params: z.object({ id: z.string() }), body: AdjustBody, anonymous: true })
  adjust({ params, body }: { params: { id: string }; body: z.infer<typeof AdjustBody> }) {
    return this.mediator.execute(new AdjustItemCommand(params.id, body.delta));
  }
}

function neuroApp(): express.Express {
  const logger = createLogger('bench', { level: 'warn' });
  const metrics = new Metrics();
  const items = new InMemoryRepository<Item, ItemState>({
    collection: 'items',
    source: '/bench',
    rehydrate: (id, state, version) => new Item(id, state, version),
  });
  void items.add(new Item(SEED_ID, seedState()));
  const container = new Container({ autobind: true, defaultScope: 'Singleton' });
  container.bind(ITEMS).toConstantValue(items);
  const mediator = new Mediator(
    (cls) => container.get(cls, { autobind: true }),
    [new LoggingBehavior(logger), new MetricsBehavior(metrics), new ValidationBehavior()],
  ).register(ListItemsHandler, AdjustItemHandler);
  container.bind(Symbol.for('lcm.Mediator')).toConstantValue(mediator);
  return createHttpApp({ logger, metrics, controllers: [ItemsController], resolve: container, docs: false });
}

// ---------------------------------------------------------------- NestJS + CQRS

class NestListItemsQuery {}

class NestAdjustItemCommand {
  constructor(
    readonly id: string,
    readonly delta: number,
  ) {}
}

const NEST_STORE = 'ItemStore';

@NestQueryHandler(NestListItemsQuery)
class NestListItemsHandler implements IQueryHandler<NestListItemsQuery> {
  async execute() {
    return LIST;
  }
}

@NestCommandHandler(NestAdjustItemCommand)
class NestAdjustItemHandler implements ICommandHandler<NestAdjustItemCommand> {
  constructor(@Inject(NEST_STORE) private readonly store: PlainItemStore) {}

  async execute({ id, delta }: NestAdjustItemCommand) {
    const item = this.store.get(id);
    if (!item) throw new NotFoundException(`item ${id} was not found`);
    if (item.state.quantity + delta < 0) throw new ConflictException(`item ${id} would go below zero`);
    item.state.quantity += delta;
    this.store.update(item);
    return { id: item.id, ...item.state, stateVersion: item.version };
  }
}

@Injectable()
class ZodPipe implements PipeTransform {
  transform(value: unknown) {
    const parsed = AdjustBody.safeParse(value);
    if (!parsed.success) throw new BadRequestException(parsed.error.issues);
    return parsed.data;
  }
}

@Controller('api/items')
class NestItemsController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
  ) {}

  @Get()
  list() {
    return this.queries.execute(new NestListItemsQuery());
  }

  @Post(':id/adjust')
  @HttpCode(200)
  adjust(@Param('id') id: string, @Body(ZodPipe) body: z.infer<typeof AdjustBody>) {
    return this.commands.execute(new NestAdjustItemCommand(id, body.delta));
  }
}

@Module({
  imports: [CqrsModule.forRoot()],
  controllers: [NestItemsController],
  providers: [
    NestListItemsHandler,
    NestAdjustItemHandler,
    ZodPipe,
    { provide: NEST_STORE, useValue: new PlainItemStore() },
  ],
})
class BenchModule {}

async function startNest(): Promise<number> {
  const app = await NestFactory.create(BenchModule, { logger: ['warn', 'error'] });
  await app.listen(0, '127.0.0.1');
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
  return (app.getHttpServer().address() as { port: number }).port;
}

// ---------------------------------------------------------------- main

async function startExpress(app: express.Express): Promise<number> {
  const host = new HttpServerHost(app, {
    port: 0,
    host: '127.0.0.1',
    logger: createLogger('bench', { level: 'warn' }),
  });
  process.once('SIGTERM', () => void host.close().then(() => process.exit(0)));
  return (await host.start()).port;
}

const variant = process.argv[2];
const started = variant === 'nest' ? startNest() : startExpress(variant === 'neuro' ? neuroApp() : bareApp());
void started.then((port) => console.log(JSON.stringify({ port })));
