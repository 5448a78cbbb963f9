import { ControllerBase, type RouteContext, get, patch, post, roles } from '@lcm/neuro-core';
import { z } from 'zod';
import {
  CreateLabletDefinitionCommand,
  NewLabletDefinitionSchema,
} from '../../application/commands/create-lablet-definition.command';
import { SetLabletDefinitionEnabledCommand } from '../../application/commands/set-lablet-definition-enabled.command';
import { GetLabletDefinitionQuery } from '../../application/queries/get-lablet-definition.query';
import { GetLabletDefinitionsQuery } from '../../application/queries/get-lablet-definitions.query';

const byId = { params: z.object({ id: z.string().min(1) }) } as const;
const listing = {
  query: z.object({
    name: z.string().optional(),
    enabled: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
  }),
  summary: 'List lablet definition versions, optionally by name and enabled flag',
} as const;
const creation = {
  body: NewLabletDefinitionSchema,
  status: 201,
  summary: 'Add a lablet definition version (immutable; a change is a new, greater version)',
} as const;
const enabling = {
  ...byId,
  body: z.object({ enabled: z.boolean() }),
  summary: 'Enable or disable a definition version for new sessions',
} as const;

/** `/api/lablet-definitions`: the catalogue of lab blueprints (read: user; write: manager). */
export class LabletDefinitionsController extends ControllerBase {
  @get('/', listing)
  @roles('user', 'manager', 'admin')
  list({ query }: RouteContext<typeof listing>) {
    return this.mediator.execute(new GetLabletDefinitionsQuery(query.name, query.enabled));
  }

  @get('/:id', { ...byId, summary: 'One lablet definition version' })
  @roles('user', 'manager', 'admin')
  read({ params }: RouteContext<typeof byId>) {
    return this.mediator.execute(new GetLabletDefinitionQuery(params.id));
  }

  @post('/', creation)
  @roles('manager', 'admin')
  create({ body, user }: RouteContext<typeof creation>) {
    return this.mediator.execute(new CreateLabletDefinitionCommand(body, user.sub));
  }

  @patch('/:id', enabling)
  @roles('manager', 'admin')
  setEnabled({ params, body, user }: RouteContext<typeof enabling>) {
    return this.mediator.execute(new SetLabletDefinitionEnabledCommand(params.id, body.enabled, user.sub));
  }
}
