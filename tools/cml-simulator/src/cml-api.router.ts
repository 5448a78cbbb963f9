import express, { type Router } from 'express';
import { stringify } from 'yaml';
import type {
  CmlLabAssociations,
  CmlLabCreate,
  CmlLicensingRegistration,
  CmlUserCreate,
} from '@lcm/cml-client';
import { CmlHttpError } from './cml-http-error';
import { type CmlRoute, mountCmlRoutes } from './cml-route';
import type { SimulatedLab } from './lab-store';
import type { SimulatedController } from './simulated-controller';
import type { TopologyValidator } from './topology-validator';
import { type SimulatedUser, toUserResponse } from './user-store';

/**
 * The CML 2.9 API under `/api/v0` for the operations LCM uses: authentication, system information, stats
 * and health, licensing, labs and their state machine, import, users and lab associations.
 */
export function createCmlApiRouter(controller: SimulatedController, topologies: TopologyValidator): Router {
  const router = express.Router();
  const { labs, users, licensing, metrics } = controller;

  const labBody = (lab: SimulatedLab, user: SimulatedUser) =>
    labs.toResponse(
      lab,
      users.find(lab.ownerId)?.username ?? 'unknown',
      labs.permissionsOf(lab, user.id, user.admin),
    );
  const noContent = { status: 204 };

  const routes: CmlRoute[] = [
    {
      method: 'post',
      path: '/authenticate',
      access: 'public',
      validateBody: true,
      handle: async ({ body }) => {
        const { username, password } = body as { username: string; password: string };
        return { status: 200, body: await controller.login(username, password) };
      },
    },
    { method: 'get', path: '/authok', access: 'user', handle: () => ({ status: 200, body: 'OK' }) },
    { method: 'delete', path: '/logout', access: 'user', handle: () => ({ status: 200, body: true }) },
    {
      method: 'get',
      path: '/system_information',
      access: 'public',
      handle: () => ({
        status: 200,
        body: {
          version: controller.options.version,
          ready: controller.ready(),
          allow_ssh_pubkey_auth: false,
          oui: null,
        },
      }),
    },
    {
      method: 'get',
      path: '/system_stats',
      access: 'user',
      handle: () => ({ status: 200, body: metrics.stats() }),
    },
    {
      method: 'get',
      path: '/system_health',
      access: 'user',
      handle: () => ({
        status: 200,
        body: metrics.health(licensing.current() === 'REGISTERED', controller.options.enterprise),
      }),
    },
    {
      method: 'get',
      path: '/licensing',
      access: 'admin',
      handle: () => ({ status: 200, body: licensing.toResponse(labs.runningNodeCount()) }),
    },
    {
      method: 'post',
      path: '/licensing/registration',
      access: 'admin',
      validateBody: true,
      handle: ({ body }) => {
        const { token, reregister } = body as CmlLicensingRegistration;
        licensing.register(token, reregister ?? false);
        return noContent;
      },
    },
    {
      method: 'put',
      path: '/licensing/registration/renew',
      access: 'admin',
      handle: () => (licensing.renew(), noContent),
    },
    {
      method: 'put',
      path: '/licensing/authorization/renew',
      access: 'admin',
      handle: () => (licensing.renew(), noContent),
    },
    {
      method: 'delete',
      path: '/licensing/deregistration',
      access: 'admin',
      handle: () => ({ status: licensing.deregister() }),
    },
    {
      method: 'get',
      path: '/labs',
      access: 'user',
      handle: ({ query, user }) => {
        const showAll = query.show_all === 'true';
        const visible = labs
          .list()
          .filter(
            (lab) =>
              lab.ownerId === user.id ||
              (showAll && (user.admin || labs.permissionsOf(lab, user.id, false).length > 0)),
          );
        return { status: 200, body: visible.map((lab) => lab.id) };
      },
    },
    {
      method: 'post',
      path: '/labs',
      access: 'user',
      validateBody: true,
      handle: ({ body, user }) => {
        const fields = (body ?? {}) as CmlLabCreate;
        const lab = labs.create({ ...fields, ownerId: fields.owner ?? user.id });
        if (fields.associations?.users) labs.associate(lab.id, fields.associations.users);
        return { status: 200, body: labBody(lab, user) };
      },
    },
    {
      method: 'get',
      path: '/labs/{lab_id}',
      access: 'user',
      handle: ({ params, user }) => ({
        status: 200,
        body: labBody(controller.visibleLab(params.lab_id, user), user),
      }),
    },
    {
      method: 'patch',
      path: '/labs/{lab_id}',
      access: 'user',
      validateBody: true,
      handle: ({ params, body, user }) => {
        controller.visibleLab(params.lab_id, user);
        return { status: 200, body: labBody(labs.patch(params.lab_id, body as CmlLabCreate), user) };
      },
    },
    {
      method: 'delete',
      path: '/labs/{lab_id}',
      access: 'user',
      handle: ({ params, user }) => {
        controller.visibleLab(params.lab_id, user);
        labs.remove(params.lab_id);
        return noContent;
      },
    },
    {
      method: 'post',
      path: '/import',
      access: 'user',
      handle: ({ body, query, user }) => {
        const result = topologies.validate(body);
        if (!result.valid) throw new CmlHttpError(400, `Invalid topology: ${result.problems.join('; ')}`);
        const title = typeof query.title === 'string' && query.title !== '' ? query.title : undefined;
        const lab = labs.import(result.topology, user.id, title);
        return { status: 200, body: { id: lab.id, warnings: [] } };
      },
    },
    {
      method: 'get',
      path: '/labs/{lab_id}/state',
      access: 'user',
      handle: ({ params, user }) => ({ status: 200, body: controller.visibleLab(params.lab_id, user).state }),
    },
    ...(['start', 'stop', 'wipe'] as const).map((action): CmlRoute => ({
      method: 'put',
      path: `/labs/{lab_id}/${action}`,
      access: 'user',
      handle: ({ params, user }) => {
        controller.visibleLab(params.lab_id, user);
        labs[action](params.lab_id);
        return noContent;
      },
    })),
    {
      method: 'get',
      path: '/labs/{lab_id}/check_if_converged',
      access: 'user',
      handle: ({ params, user }) => {
        controller.visibleLab(params.lab_id, user);
        return { status: 200, body: labs.converged(params.lab_id) };
      },
    },
    {
      method: 'get',
      path: '/labs/{lab_id}/lab_element_state',
      access: 'user',
      handle: ({ params, user }) => {
        controller.visibleLab(params.lab_id, user);
        return { status: 200, body: labs.elementState(params.lab_id) };
      },
    },
    {
      method: 'get',
      path: '/labs/{lab_id}/topology',
      access: 'user',
      handle: ({ params, query, user }) => {
        const lab = controller.visibleLab(params.lab_id, user);
        return { status: 200, body: labs.toTopologyResponse(lab, query.exclude_configurations === 'true') };
      },
    },
    {
      method: 'get',
      path: '/labs/{lab_id}/download',
      access: 'user',
      handle: ({ params, user }) => {
        const lab = controller.visibleLab(params.lab_id, user);
        const topology = lab.topology ?? { lab: { version: '0.3.0' }, nodes: [], links: [] };
        const header = { ...topology.lab, title: lab.title, description: lab.description, notes: lab.notes };
        return { status: 200, body: stringify({ ...topology, lab: header }) };
      },
    },
    {
      method: 'get',
      path: '/labs/{lab_id}/associations',
      access: 'user',
      handle: ({ params, user }) => ({
        status: 200,
        body: controller.associationsOf(controller.visibleLab(params.lab_id, user)),
      }),
    },
    {
      method: 'patch',
      path: '/labs/{lab_id}/associations',
      access: 'admin',
      validateBody: true,
      handle: ({ params, body }) => {
        const requested = (body as CmlLabAssociations).users ?? [];
        const unknown = requested.find((u) => !users.find(u.id));
        if (unknown) throw new CmlHttpError(404, `User not found: ${unknown.id}`);
        return { status: 200, body: controller.associationsOf(labs.associate(params.lab_id, requested)) };
      },
    },
    {
      method: 'get',
      path: '/users',
      access: 'admin',
      handle: () => ({ status: 200, body: users.list().map((u) => userBody(u)) }),
    },
    {
      method: 'post',
      path: '/users',
      access: 'admin',
      validateBody: true,
      handle: ({ body }) => {
        const created = users.add(body as CmlUserCreate);
        const associations = (body as CmlUserCreate).associations ?? [];
        for (const a of associations) labs.associate(a.id, [{ id: created.id, permissions: a.permissions }]);
        return { status: 201, body: userBody(created) };
      },
    },
    {
      method: 'get',
      path: '/users/{user_id}',
      access: 'user',
      handle: ({ params, user }) => {
        if (!user.admin && params.user_id !== user.id) throw new CmlHttpError(403, 'Access denied');
        return { status: 200, body: userBody(users.get(params.user_id)) };
      },
    },
    {
      method: 'delete',
      path: '/users/{user_id}',
      access: 'admin',
      handle: ({ params, user }) => (controller.removeUser(params.user_id, user), noContent),
    },
    {
      method: 'get',
      path: '/users/{username}/id',
      access: 'user',
      handle: ({ params }) => ({ status: 200, body: users.idByName(params.username) }),
    },
  ];

  function userBody(user: SimulatedUser) {
    const all = labs.list();
    return toUserResponse(
      user,
      all.filter((lab) => lab.ownerId === user.id).map((lab) => lab.id),
      all.flatMap((lab) => {
        const permissions = lab.associations.get(user.id);
        return permissions ? [{ id: lab.id, permissions }] : [];
      }),
    );
  }

  router.use(express.json({ limit: '20mb', strict: false }));
  mountCmlRoutes(router, routes, controller);
  return router;
}
