/** One invalid field of a request, as listed in a problem's `errors`. */
export interface FieldError {
  /** Dotted path of the field, e.g. `capacity.cpuCores`; empty for the whole body. */
  readonly path: string;
  readonly message: string;
}

/** An RFC 9457 problem document: what clients receive for every failed request. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  readonly errors?: readonly FieldError[];
}

const titles: Record<number, [slug: string, title: string]> = {
  400: ['bad-request', 'Bad Request'],
  401: ['unauthorized', 'Unauthorized'],
  403: ['forbidden', 'Forbidden'],
  404: ['not-found', 'Not Found'],
  405: ['method-not-allowed', 'Method Not Allowed'],
  409: ['conflict', 'Conflict'],
  413: ['payload-too-large', 'Payload Too Large'],
  415: ['unsupported-media-type', 'Unsupported Media Type'],
  422: ['unprocessable-content', 'Unprocessable Content'],
  429: ['too-many-requests', 'Too Many Requests'],
  500: ['internal-error', 'Internal Server Error'],
  502: ['bad-gateway', 'Bad Gateway'],
  503: ['service-unavailable', 'Service Unavailable'],
};

/** The media type of problem documents. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Builds a problem document with the standard `type` and `title` for an HTTP status. */
export function problem(
  status: number,
  detail?: string,
  extra: Partial<ProblemDetails> = {},
): ProblemDetails {
  const [slug, title] = titles[status] ?? ['error', 'Error'];
  return { type: `urn:lcm:problem:${slug}`, title, status, ...(detail ? { detail } : {}), ...extra };
}
