import express, { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { problem } from '../core/problem-details';
import { sendProblem } from '../hosting/send-problem';
import type { DevTokenEndpointIssuer } from './dev-token-endpoint';

/** The path of the embedded console's role picker. */
export const DEV_LOGIN_PATH = '/oauth/dev-login';

/** A person's token lasts a working day, as `npm start` prints them. */
const LIFETIME_SECONDS = 8 * 3600;

const body = z.object({
  role: z.enum(['admin', 'manager', 'user']),
  sub: z
    .string()
    .regex(/^[\w.@-]{1,64}$/, 'letters, digits, . @ - and _ only, at most 64')
    .optional(),
});

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * `POST /oauth/dev-login` `{ role, sub? }` of the dev issuer: a person's token (`sub` default
 * `dev-<role>`) for the console's role picker in embedded mode. It is served only beside the dev issuer,
 * answers only callers on this machine (the console's server, `npm start`), and never mints the
 * `service` role, which may deliver events.
 */
export function createDevLoginEndpoint(issuer: Pick<DevTokenEndpointIssuer, 'mint'>): Router {
  const router = Router();
  router.post(DEV_LOGIN_PATH, express.json({ limit: '4kb' }), async (req: Request, res: Response) => {
    res.set({ 'cache-control': 'no-store', pragma: 'no-cache' });
    if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) {
      return sendProblem(req, res, problem(403, 'the dev login answers callers on this machine only'));
    }
    const parsed = body.safeParse(req.body);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((issue) => ({
        path: issue.path.join('.'),
        message: issue.message,
      }));
      return sendProblem(req, res, problem(400, 'the body must be { role, sub? }', { errors }));
    }
    const { role, sub = `dev-${role}` } = parsed.data;
    const accessToken = await issuer.mint({ sub, roles: [role], expiresIn: LIFETIME_SECONDS });
    res.json({ access_token: accessToken, token_type: 'Bearer', expires_in: LIFETIME_SECONDS });
  });
  return router;
}
