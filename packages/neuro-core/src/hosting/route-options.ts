import type { ZodType } from 'zod';

/**
 * What a route declares besides its path. The zod schemas validate the request before the method runs
 * (a bad field is a 400 naming it) and describe the route in the OpenAPI document.
 */
export interface RouteOptions {
  readonly params?: ZodType;
  /** Query values arrive as strings: use `z.coerce` for numbers and booleans. */
  readonly query?: ZodType;
  readonly body?: ZodType;
  /** The success body, for the OpenAPI document only (not checked at run time). */
  readonly response?: ZodType;
  /** The success status, for the OpenAPI document. Default 200. */
  readonly status?: 200 | 201 | 202 | 204;
  readonly summary?: string;
  readonly description?: string;
  /** OpenAPI tags. Default: the controller's prefix. */
  readonly tags?: readonly string[];
  /** Open to callers without a token (the method gets no `user`). Routes require a valid token otherwise. */
  readonly anonymous?: boolean;
}
