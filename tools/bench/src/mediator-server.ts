// One side of the mediator benchmark, run in its own process so the load generator never shares its
// event loop: `bare` is plain express with the same handler logic, `pipeline` is the neuro-core HTTP app
// (request context: id, security headers, metrics, access log; route validation; mediator with
// logging/metrics/validation behaviors). Logs at warn, so per-request lines are not written.
import 'reflect-metadata';
import express from 'express';
import { Container } from 'inversify';
import { z } from 'zod';
import {
  Command,
  CommandHandler,
  ControllerBase,
  Mediator,
  Query,
  QueryHandler,
  commandHandler,
  get,
  post,
  queryHandler,
} from '@lcm/neuro-core';
import {
  HttpServerHost,
  LoggingBehavior,
  Metrics,
  MetricsBehavior,
  ValidationBehavior,
  createHttpApp,
  createLogger,
} from '@lcm/neuro-core/hosting';

const ItemBody = z.object({ name: z.string().min(1).max(50), quantity: z.number().int().nonnegative() });
type Item = z.infer<typeof ItemBody> & { id: string };
const items = new Map<string, Item>([['1', { id: '1', name: 'seed', quantity: 1 }]]);
let next = 2;

function store(body: z.infer<typeof ItemBody>): Item {
  const item = { id: String(next++), ...body };
  items.set(item.id, item);
  if (items.size > 10_000) items.clear();
  return item;
}

class GetItemQuery extends Query<Item> {
  constructor(readonly id: string) {
    super();
  }
}

@queryHandler(GetItemQuery)
class GetItemHandler extends QueryHandler<GetItemQuery> {
  async handle({ id }: GetItemQuery) {
    const item = items.get(id);
    return item ? this.ok(item) : this.notFound('item', id);
  }
}

class AddItemCommand extends Command<Item> {
  static readonly schema = ItemBody;
  constructor(
    readonly name: string,
    readonly quantity: number,
  ) {
    super();
  }
}

@commandHandler(AddItemCommand)
class AddItemHandler extends CommandHandler<AddItemCommand> {
  async handle({ name, quantity }: AddItemCommand) {
    return this.created(store({ name, quantity }));
  }
}

const idParams = { params: z.object({ id: z.string() }), anonymous: true } as const;
const addBody = { body: ItemBody, anonymous: true, status: 201 } as const;

class ItemsController extends ControllerBase {
  @get('/:id', idParams)
  read({ params }: { params: { id: string } }) {
    return this.mediator.execute(new GetItemQuery(params.id));
  }

  @post('/', addBody)
  add({ body }: { body: z.infer<typeof ItemBody> }) {
    return this.mediator.execute(new AddItemCommand(body.name, body.quantity));
  }
}

function pipelineApp(): express.Express {
  const logger = createLogger('bench', { level: 'warn' });
  const metrics = new Metrics();
  const container = new Container({ autobind: true, defaultScope: 'Singleton' });
  const mediator = new Mediator(
    (cls) => container.get(cls, { autobind: true }),
    [new LoggingBehavior(logger), new MetricsBehavior(metrics), new ValidationBehavior()],
  ).register(GetItemHandler, AddItemHandler);
  container.bind(Symbol.for('lcm.Mediator')).toConstantValue(mediator);
  return createHttpApp({ logger, metrics, controllers: [ItemsController], resolve: container, docs: false });
}

function bareApp(): express.Express {
  const app = express();
  app.use(express.json());
  app.get('/api/items/:id', (req, res) => {
    const item = items.get(req.params.id);
    if (item) res.json(item);
    else res.status(404).json({ status: 404 });
  });
  app.post('/api/items', (req, res) => {
    const parsed = ItemBody.safeParse(req.body);
    if (!parsed.success) res.status(400).json({ status: 400 });
    else res.status(201).json(store(parsed.data));
  });
  return app;
}

const variant = process.argv[2];
const app = variant === 'pipeline' ? pipelineApp() : bareApp();
const host = new HttpServerHost(app, {
  port: 0,
  host: '127.0.0.1',
  logger: createLogger('bench', { level: 'warn' }),
});
void host.start().then(({ port }) => console.log(JSON.stringify({ port })));
process.once('SIGTERM', () => void host.close().then(() => process.exit(0)));
