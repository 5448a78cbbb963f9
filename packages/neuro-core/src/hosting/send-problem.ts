import type { Request, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails } from '../core/problem-details';

/** Answers with a problem+json document whose `instance` is the request path (query string left out). */
export function sendProblem(req: Request, res: Response, details: ProblemDetails): void {
  const instance = req.originalUrl.split('?')[0];
  res
    .status(details.status)
    .type(PROBLEM_CONTENT_TYPE)
    .json({ ...details, instance });
}
