import type { CmlLabAssociations, CmlPermission, CmlTopology } from '@lcm/cml-client';
import type { ResolvedSimulatorOptions } from './cml-simulator-options';
import { CmlHttpError } from './cml-http-error';
import type { FaultRule } from './fault-injector';
import { LabStore, type SimulatedLab } from './lab-store';
import { LicensingState, type RegistrationStatus } from './licensing-state';
import { SystemMetrics } from './system-metrics';
import { TokenIssuer } from './token-issuer';
import { type SimulatedUser, UserStore } from './user-store';

/** A lab as `GET /_sim/state` shows it: CML's view plus the topology exactly as imported. */
export interface SimulatedLabSnapshot {
  id: string;
  title: string;
  state: SimulatedLab['state'];
  ownerId: string;
  nodeCount: number;
  linkCount: number;
  converged: boolean;
  nodes: Array<{ id: string; label: string; topologyId: string; state: string }>;
  topology: CmlTopology | null;
}

/** Everything the simulated controller holds, for tests to read back (`GET /_sim/state`). */
export interface SimulatorSnapshot {
  ready: boolean;
  version: string;
  labs: SimulatedLabSnapshot[];
  users: Array<{ id: string; username: string; admin: boolean }>;
  associations: Array<{ labId: string; userId: string; username?: string; permissions: CmlPermission[] }>;
  licensing: { registration: RegistrationStatus };
  faults: FaultRule[];
}

/**
 * The state of one simulated CML controller (users, tokens, labs, licensing, metrics) with the rules that
 * cut across them, e.g. deleting a user drops its lab associations. The HTTP routers only translate.
 */
export class SimulatedController {
  readonly users: UserStore;
  readonly labs: LabStore;
  readonly tokens: TokenIssuer;
  readonly licensing: LicensingState;
  readonly metrics: SystemMetrics;
  private bootStartedAt: number;

  constructor(readonly options: ResolvedSimulatorOptions) {
    const now = options.now;
    this.bootStartedAt = now();
    this.users = new UserStore(now);
    this.labs = new LabStore(now, options.nodeBootDelayMs);
    this.tokens = new TokenIssuer(options.tokenTtlSeconds, now);
    this.licensing = new LicensingState(
      now,
      options.licenseRegistrationDelayMs,
      options.deregistrationStatus,
      options.enterprise,
      options.licenseRegistered,
    );
    this.metrics = new SystemMetrics(this.labs, options.capacity);
    this.seedUsers();
  }

  /** Starts the boot delay now, once the server listens: building the routes takes time of its own. */
  startBooting(): void {
    this.bootStartedAt = this.options.now();
  }

  ready(): boolean {
    return this.options.now() - this.bootStartedAt >= this.options.bootDelayMs;
  }

  async login(username: string, password: string): Promise<string> {
    const user = this.users.authenticate(username, password);
    if (!user) throw new CmlHttpError(403, 'Authentication failed!');
    return this.tokens.issue({ userId: user.id, username: user.username });
  }

  /** The user a bearer token belongs to; 401 when it is missing, invalid, expired or its user is gone. */
  async authorize(header: string | undefined): Promise<SimulatedUser> {
    const token = /^Bearer (.+)$/i.exec(header ?? '')?.[1];
    if (!token) throw new CmlHttpError(401, 'No authorization token provided.');
    const subject = await this.tokens.verify(token);
    const user = subject && this.users.find(subject.userId);
    if (!user) throw new CmlHttpError(401, 'Authorization token is invalid or has expired.');
    return user;
  }

  /** A lab the user may see; 403 for somebody else's lab without an association. */
  visibleLab(labId: string, user: SimulatedUser): SimulatedLab {
    const lab = this.labs.get(labId);
    if (this.labs.permissionsOf(lab, user.id, user.admin).length === 0) {
      throw new CmlHttpError(403, `User ${user.username} has no access to lab ${labId}`);
    }
    return lab;
  }

  associationsOf(lab: SimulatedLab): CmlLabAssociations {
    return {
      groups: [],
      users: [...lab.associations].map(([id, permissions]) => ({ id, permissions })),
    };
  }

  removeUser(userId: string, requestedBy: SimulatedUser): void {
    this.users.remove(userId, requestedBy.id);
    this.labs.dropUser(userId);
  }

  /** Back to the state right after start: only the seeded users, no labs, the initial licence. */
  reset(): void {
    this.labs.clear();
    this.users.retainOnly([this.options.admin.username, ...this.options.users.map((u) => u.username)]);
    this.licensing.reset();
  }

  snapshot(faults: FaultRule[]): SimulatorSnapshot {
    const labs = this.labs.list();
    return {
      ready: this.ready(),
      version: this.options.version,
      labs: labs.map((lab) => {
        const nodeState = this.labs.nodeState(lab);
        return {
          id: lab.id,
          title: lab.title,
          state: lab.state,
          ownerId: lab.ownerId,
          nodeCount: lab.nodes.length,
          linkCount: lab.links.length,
          converged: this.labs.converged(lab.id),
          nodes: lab.nodes.map((n) => ({
            id: n.id,
            label: n.source.label,
            topologyId: n.source.id,
            state: nodeState,
          })),
          topology: lab.topology ?? null,
        };
      }),
      users: this.users.list().map((u) => ({ id: u.id, username: u.username, admin: u.admin })),
      associations: labs.flatMap((lab) =>
        [...lab.associations].map(([userId, permissions]) => ({
          labId: lab.id,
          userId,
          username: this.users.find(userId)?.username,
          permissions,
        })),
      ),
      licensing: { registration: this.licensing.current() },
      faults,
    };
  }

  private seedUsers(): void {
    const { admin, users } = this.options;
    this.users.add({
      username: admin.username,
      password: admin.password,
      admin: true,
      fullname: 'Administrator',
    });
    for (const seed of users)
      this.users.add({ username: seed.username, password: seed.password, admin: seed.admin });
  }
}
