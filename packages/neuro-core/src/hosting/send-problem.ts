import type { Request, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails } from '../core/problem-details';

/** What a 503 or 429 tells clients to wait when the answer sets no `Retry-After` of its own. */
export const DEFAULT_RETRY_AFTER_SECONDS = 2;

/**
 * Answers with a problem+json document whose `instance` is the request path (query string left out). A
 * 503 or 429 always carries `Retry-After`, so a client (or a sender's retry) knows the refusal is passing.
 */
export function sendProblem(req: Request, res: Response, details: ProblemDetails): void {
  const instance = req.originalUrl.split('?')[0];
  if ((details.status === 503 || details.status === 429) && !res.get('Retry-After')) {
    res.set('Retry-After', String(DEFAULT_RETRY_AFTER_SECONDS));
  }
  res
    .status(details.status)
    .type(PROBLEM_CONTENT_TYPE)
    .json({ ...details, instance });
}
