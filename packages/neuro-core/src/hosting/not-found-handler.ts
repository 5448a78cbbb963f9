import type { RequestHandler } from 'express';
import { problem } from '../core/problem-details';
import { sendProblem } from './send-problem';

/** Answers requests no route matched with a 404 problem+json naming the method and path. */
export function notFoundHandler(): RequestHandler {
  return (req, res) => sendProblem(req, res, problem(404, `no route matches ${req.method} ${req.path}`));
}
