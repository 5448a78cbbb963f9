/** Who sent a request, as read from a verified bearer token. */
export interface AuthenticatedUser {
  /** The token's subject: a user or service id. */
  readonly sub: string;
  /** The roles granted by the token, read from the configured claim. */
  readonly roles: readonly string[];
  /** Every claim of the token, for the rare route that needs more than `sub` and `roles`. */
  readonly claims: Readonly<Record<string, unknown>>;
}
