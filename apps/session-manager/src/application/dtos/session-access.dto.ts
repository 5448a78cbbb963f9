/** What the owner needs to reach a session's lab: the password is read from lab-manager on each request. */
export interface SessionAccessDto {
  readonly url: string;
  readonly username: string;
  readonly password: string;
  readonly ports: Readonly<Record<string, number>>;
}
