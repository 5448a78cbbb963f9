import { randomUUID } from 'node:crypto';
import type {
  CmlLab,
  CmlLabElementState,
  CmlLabState,
  CmlNodeState,
  CmlPermission,
  CmlTopology,
  CmlTopologyResponse,
} from '@lcm/cml-client';
import { CmlHttpError } from './cml-http-error';

type NodeTopology = CmlTopology['nodes'][number];

/** A node of a simulated lab: CML's id for it and the node as imported. */
export interface SimulatedNode {
  readonly id: string;
  readonly interfaceIds: ReadonlyMap<string, string>;
  readonly source: NodeTopology;
}

/** A link of a simulated lab, with CML's ids for it and its ends. */
export interface SimulatedLink {
  readonly id: string;
  readonly label?: string;
  readonly nodeA: string;
  readonly nodeB: string;
  readonly interfaceA: string;
  readonly interfaceB: string;
}

/** One lab on the simulated controller. */
export interface SimulatedLab {
  readonly id: string;
  title: string;
  description: string;
  notes: string;
  readonly ownerId: string;
  readonly created: string;
  modified: string;
  state: CmlLabState;
  /** When the lab was last started, in ms; nodes boot relative to it. */
  startedAt?: number;
  /** The topology exactly as imported; undefined for labs made with `POST /labs`. */
  readonly topology?: CmlTopology;
  readonly nodes: readonly SimulatedNode[];
  readonly links: readonly SimulatedLink[];
  /** Lab permissions per user id. */
  readonly associations: Map<string, CmlPermission[]>;
}

const ALL_PERMISSIONS: CmlPermission[] = ['lab_admin', 'lab_edit', 'lab_exec', 'lab_view'];

/**
 * The labs of one controller and CML's lab state machine: created or imported labs are DEFINED_ON_CORE;
 * start makes them STARTED (nodes QUEUED, then STARTED, then BOOTED after the boot delay); stop makes them
 * STOPPED; wipe (only when not started) brings them back to DEFINED_ON_CORE; delete needs a wiped lab.
 */
export class LabStore {
  private readonly labs = new Map<string, SimulatedLab>();

  constructor(
    private readonly now: () => number,
    private readonly nodeBootDelayMs: number,
  ) {}

  create(fields: { title?: string; description?: string; notes?: string; ownerId: string }): SimulatedLab {
    return this.add(fields, undefined);
  }

  import(topology: CmlTopology, ownerId: string, title?: string | null): SimulatedLab {
    return this.add(
      {
        title: title ?? topology.lab.title,
        description: topology.lab.description,
        notes: topology.lab.notes,
        ownerId,
      },
      topology,
    );
  }

  get(id: string): SimulatedLab {
    const lab = this.labs.get(id);
    if (!lab) throw new CmlHttpError(404, `Lab not found: ${id}`);
    return lab;
  }

  list(): SimulatedLab[] {
    return [...this.labs.values()];
  }

  patch(id: string, fields: { title?: string; description?: string; notes?: string }): SimulatedLab {
    const lab = this.get(id);
    lab.title = fields.title ?? lab.title;
    lab.description = fields.description ?? lab.description;
    lab.notes = fields.notes ?? lab.notes;
    lab.modified = this.isoNow();
    return lab;
  }

  remove(id: string): void {
    const lab = this.get(id);
    if (lab.state !== 'DEFINED_ON_CORE') {
      throw new CmlHttpError(
        400,
        `Lab ${id} is ${lab.state}; it must be stopped and wiped before it is removed`,
      );
    }
    this.labs.delete(id);
  }

  start(id: string): void {
    const lab = this.get(id);
    if (lab.state === 'STARTED') return;
    lab.state = 'STARTED';
    lab.startedAt = this.now();
    lab.modified = this.isoNow();
  }

  stop(id: string): void {
    const lab = this.get(id);
    if (lab.state !== 'STARTED') return;
    lab.state = 'STOPPED';
    lab.startedAt = undefined;
    lab.modified = this.isoNow();
  }

  wipe(id: string): void {
    const lab = this.get(id);
    if (lab.state === 'STARTED') {
      throw new CmlHttpError(400, `Lab ${id} is STARTED; stop it before wiping its nodes`);
    }
    lab.state = 'DEFINED_ON_CORE';
    lab.modified = this.isoNow();
  }

  nodeState(lab: SimulatedLab): CmlNodeState {
    if (lab.state !== 'STARTED') return lab.state;
    const elapsed = this.now() - (lab.startedAt ?? 0);
    if (elapsed >= this.nodeBootDelayMs) return 'BOOTED';
    return elapsed < this.nodeBootDelayMs / 3 ? 'QUEUED' : 'STARTED';
  }

  /** Whether every node of a started lab has booted. */
  converged(id: string): boolean {
    const lab = this.get(id);
    return lab.state === 'STARTED' && (lab.nodes.length === 0 || this.nodeState(lab) === 'BOOTED');
  }

  elementState(id: string): CmlLabElementState {
    const lab = this.get(id);
    const nodeState = this.nodeState(lab);
    const linkState: CmlLabState = lab.state;
    return {
      nodes: Object.fromEntries(lab.nodes.map((n) => [n.id, nodeState])),
      links: Object.fromEntries(lab.links.map((l) => [l.id, linkState])),
      interfaces: Object.fromEntries(
        lab.nodes.flatMap((n) => [...n.interfaceIds.values()].map((iid) => [iid, linkState])),
      ),
    };
  }

  /** Sets the permissions of each user named; an empty list removes that user's association. */
  associate(id: string, users: ReadonlyArray<{ id: string; permissions: CmlPermission[] }>): SimulatedLab {
    const lab = this.get(id);
    for (const user of users) {
      if (user.permissions.length === 0) lab.associations.delete(user.id);
      else lab.associations.set(user.id, [...new Set(user.permissions)]);
    }
    return lab;
  }

  /** Forgets a deleted user's associations. */
  dropUser(userId: string): void {
    for (const lab of this.labs.values()) lab.associations.delete(userId);
  }

  permissionsOf(lab: SimulatedLab, userId: string, admin: boolean): CmlPermission[] {
    if (admin || lab.ownerId === userId) return [...ALL_PERMISSIONS];
    return lab.associations.get(userId) ?? [];
  }

  runningNodeCount(): number {
    return this.list().reduce((sum, lab) => sum + (lab.state === 'STARTED' ? lab.nodes.length : 0), 0);
  }

  clear(): void {
    this.labs.clear();
  }

  toResponse(lab: SimulatedLab, ownerUsername: string, permissions: CmlPermission[]): CmlLab {
    return {
      id: lab.id,
      created: lab.created,
      modified: lab.modified,
      lab_title: lab.title,
      lab_description: lab.description,
      lab_notes: lab.notes,
      owner: lab.ownerId,
      owner_username: ownerUsername,
      owner_fullname: '',
      state: lab.state,
      node_count: lab.nodes.length,
      link_count: lab.links.length,
      effective_permissions: permissions,
    };
  }

  /** The topology with CML's element ids, as `GET /labs/{lab_id}/topology` returns it. */
  toTopologyResponse(lab: SimulatedLab, excludeConfigurations: boolean): CmlTopologyResponse {
    return {
      lab: {
        version: lab.topology?.lab.version ?? '0.3.0',
        title: lab.title,
        description: lab.description,
        notes: lab.notes,
        owner: lab.ownerId,
      },
      nodes: lab.nodes.map((node) => {
        const { configuration, ...rest } = node.source;
        return {
          ...rest,
          ...(excludeConfigurations || configuration === undefined ? {} : { configuration }),
          id: node.id,
          interfaces: (node.source.interfaces ?? []).map((i) => ({
            ...i,
            id: node.interfaceIds.get(i.id) ?? i.id,
            node: node.id,
          })),
        };
      }),
      links: lab.links.map((link) => ({
        id: link.id,
        lab_id: lab.id,
        ...(link.label ? { label: link.label } : {}),
        node_a: link.nodeA,
        node_b: link.nodeB,
        interface_a: link.interfaceA,
        interface_b: link.interfaceB,
        state: lab.state,
      })),
    };
  }

  private add(
    fields: { title?: string; description?: string; notes?: string; ownerId: string },
    topology: CmlTopology | undefined,
  ): SimulatedLab {
    const at = this.isoNow();
    const nodes = (topology?.nodes ?? []).map((source): SimulatedNode => ({
      id: randomUUID(),
      interfaceIds: new Map((source.interfaces ?? []).map((i) => [i.id, randomUUID()])),
      source,
    }));
    const byTopologyId = new Map((topology?.nodes ?? []).map((n, index) => [n.id, nodes[index]]));
    const links = (topology?.links ?? []).map((link): SimulatedLink => {
      const a = byTopologyId.get(link.n1);
      const b = byTopologyId.get(link.n2);
      return {
        id: randomUUID(),
        label: link.label,
        nodeA: a?.id ?? link.n1,
        nodeB: b?.id ?? link.n2,
        interfaceA: a?.interfaceIds.get(link.i1) ?? link.i1,
        interfaceB: b?.interfaceIds.get(link.i2) ?? link.i2,
      };
    });
    const lab: SimulatedLab = {
      id: randomUUID(),
      title: fields.title ?? `Lab at ${new Date(this.now()).toUTCString().slice(0, 22)}`,
      description: fields.description ?? '',
      notes: fields.notes ?? '',
      ownerId: fields.ownerId,
      created: at,
      modified: at,
      state: 'DEFINED_ON_CORE',
      topology,
      nodes,
      links,
      associations: new Map(),
    };
    this.labs.set(lab.id, lab);
    return lab;
  }

  private isoNow(): string {
    return new Date(this.now()).toISOString();
  }
}
