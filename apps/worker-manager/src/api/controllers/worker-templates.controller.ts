import { ControllerBase, type RouteContext, del, get, patch, post, roles } from '@lcm/neuro-core';
import { z } from 'zod';
import { CreateWorkerTemplateCommand } from '../../application/commands/create-worker-template.command';
import { DisableWorkerTemplateCommand } from '../../application/commands/disable-worker-template.command';
import { UpdateWorkerTemplateCommand } from '../../application/commands/update-worker-template.command';
import {
  WorkerTemplateInputSchema,
  WorkerTemplatePatchSchema,
} from '../../application/commands/worker-template-input';
import { GetWorkerTemplateQuery } from '../../application/queries/get-worker-template.query';
import { GetWorkerTemplatesQuery } from '../../application/queries/get-worker-templates.query';
import { WorkerTemplateDtoSchema } from '../../application/dtos/worker-template.dto';

const byName = { params: z.object({ name: z.string().min(1) }), response: WorkerTemplateDtoSchema } as const;
const list = {
  response: z.array(WorkerTemplateDtoSchema),
  summary: 'List worker templates, cheapest first',
} as const;
const create = {
  body: WorkerTemplateInputSchema,
  response: WorkerTemplateDtoSchema,
  status: 201,
  summary: 'Add a worker template',
} as const;
const change = { ...byName, body: WorkerTemplatePatchSchema, summary: 'Change a worker template' } as const;
const disable = {
  ...byName,
  summary: 'Disable a worker template (soft delete: workers keep referring to it)',
} as const;

/** `/api/worker-templates`: the kinds of worker the fleet is made of. Reads for every role, writes for admins. */
export class WorkerTemplatesController extends ControllerBase {
  @get('/', list)
  @roles('user', 'manager', 'admin')
  list() {
    return this.mediator.execute(new GetWorkerTemplatesQuery());
  }

  @get('/:name', { ...byName, summary: 'One worker template' })
  @roles('user', 'manager', 'admin')
  one({ params }: RouteContext<typeof byName>) {
    return this.mediator.execute(new GetWorkerTemplateQuery(params.name));
  }

  @post('/', create)
  @roles('admin')
  create({ body }: RouteContext<typeof create>) {
    return this.mediator.execute(new CreateWorkerTemplateCommand(body));
  }

  @patch('/:name', change)
  @roles('admin')
  change({ params, body }: RouteContext<typeof change>) {
    return this.mediator.execute(new UpdateWorkerTemplateCommand(params.name, body));
  }

  @del('/:name', disable)
  @roles('admin')
  disable({ params }: RouteContext<typeof disable>) {
    return this.mediator.execute(new DisableWorkerTemplateCommand(params.name));
  }
}
