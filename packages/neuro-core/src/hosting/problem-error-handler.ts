import type { ErrorRequestHandler } from 'express';
import { problem } from '../core/problem-details';
import { sendProblem } from './send-problem';

interface HttpError {
  readonly status?: unknown;
  readonly expose?: unknown;
  readonly type?: unknown;
  readonly limit?: unknown;
  readonly message?: unknown;
}

/**
 * The last error handler: every error becomes problem+json. Client errors raised by express and
 * body-parser (malformed JSON, body too large) keep their status and a clear detail; anything else is a
 * 500 that tells the client nothing of the internals and is logged with the request id.
 */
export function problemErrorHandler(): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const { status, expose, type, limit, message } = (error ?? {}) as HttpError;
    if (typeof status === 'number' && status >= 400 && status < 500 && expose !== false) {
      return sendProblem(req, res, problem(status, clientDetail(type, limit, String(message))));
    }
    req.log.error({ err: error }, 'request failed unexpectedly');
    sendProblem(req, res, problem(500, 'an unexpected error occurred'));
  };
}

function clientDetail(type: unknown, limit: unknown, message: string): string {
  if (type === 'entity.parse.failed') return `the request body is not valid JSON: ${message}`;
  if (type === 'entity.too.large')
    return `the request body is larger than the limit of ${String(limit)} bytes`;
  return message;
}
