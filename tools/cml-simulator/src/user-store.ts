import { randomUUID } from 'node:crypto';
import type { CmlUser, CmlUserCreate } from '@lcm/cml-client';
import { CmlHttpError } from './cml-http-error';

/** A user of the simulated controller; the password stays inside the store. */
export interface SimulatedUser {
  readonly id: string;
  readonly username: string;
  readonly admin: boolean;
  readonly fullname: string;
  readonly description: string;
  readonly email: string;
  readonly created: string;
  readonly modified: string;
}

/** Users by id and name, with their passwords, as CML's user service keeps them. */
export class UserStore {
  private readonly users = new Map<string, SimulatedUser>();
  private readonly passwords = new Map<string, string>();

  constructor(private readonly now: () => number) {}

  add(body: CmlUserCreate): SimulatedUser {
    if (this.byName(body.username)) throw new CmlHttpError(422, `User already exists: ${body.username}`);
    const at = new Date(this.now()).toISOString();
    const user: SimulatedUser = {
      id: randomUUID(),
      username: body.username,
      admin: body.admin ?? false,
      fullname: body.fullname ?? '',
      description: body.description ?? '',
      email: body.email ?? '',
      created: at,
      modified: at,
    };
    this.users.set(user.id, user);
    this.passwords.set(user.id, body.password);
    return user;
  }

  /** The user these credentials belong to, or undefined. */
  authenticate(username: string, password: string): SimulatedUser | undefined {
    const user = this.byName(username);
    return user && this.passwords.get(user.id) === password ? user : undefined;
  }

  find(id: string): SimulatedUser | undefined {
    return this.users.get(id);
  }

  get(id: string): SimulatedUser {
    const user = this.users.get(id);
    if (!user) throw new CmlHttpError(404, `User not found: ${id}`);
    return user;
  }

  byName(username: string): SimulatedUser | undefined {
    return [...this.users.values()].find((u) => u.username === username);
  }

  idByName(username: string): string {
    const user = this.byName(username);
    if (!user) throw new CmlHttpError(404, `User not found: ${username}`);
    return user.id;
  }

  remove(id: string, requestedBy: string): void {
    this.get(id);
    if (id === requestedBy) throw new CmlHttpError(400, `User ${id} cannot delete itself`);
    this.users.delete(id);
    this.passwords.delete(id);
  }

  list(): SimulatedUser[] {
    return [...this.users.values()];
  }

  /** Drops every user but the ones named, for a reset between tests. */
  retainOnly(usernames: readonly string[]): void {
    for (const user of this.list()) {
      if (!usernames.includes(user.username)) {
        this.users.delete(user.id);
        this.passwords.delete(user.id);
      }
    }
  }
}

/** The `UserResponse` body of a user, given the labs it owns and its lab associations. */
export function toUserResponse(
  user: SimulatedUser,
  labs: string[],
  associations: CmlUser['associations'],
): CmlUser {
  return {
    id: user.id,
    username: user.username,
    fullname: user.fullname,
    description: user.description,
    email: user.email,
    admin: user.admin,
    created: user.created,
    modified: user.modified,
    groups: [],
    associations,
    labs,
    resource_pool: null,
    opt_in: null,
    tour_version: '',
    pubkey_info: null,
  };
}
