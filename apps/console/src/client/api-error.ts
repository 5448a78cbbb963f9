/** One field a service refused, as problem+json `errors` lists it. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

/** A refusal from a service: its problem+json detail, shown to the person as it is. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors: readonly FieldError[] = [],
  ) {
    super(detail);
    this.name = 'ApiError';
  }

  /** The error of a failed response: its problem+json, else its status line. */
  static async of(response: Response): Promise<ApiError> {
    const body = (await response.json().catch(() => undefined)) as
      { detail?: string; title?: string; errors?: FieldError[] } | undefined;
    const detail = body?.detail ?? body?.title ?? `${response.status} ${response.statusText}`;
    return new ApiError(response.status, detail, Array.isArray(body?.errors) ? body.errors : []);
  }
}
