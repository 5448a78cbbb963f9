import type { CmlLabState } from '../entities/lab-record-status';

/** A lab as labs sync sees it on a worker. */
export interface CmlLabSummary {
  readonly id: string;
  readonly title: string;
  readonly state: CmlLabState;
}

/**
 * The CML operations lab-manager performs on one worker. Every method throws on failure; error messages
 * name the call and the worker and never carry credentials.
 */
export interface CmlLabs {
  /** Imports a topology (YAML text, placeholders already replaced) as a lab with this title; its id. */
  importLab(topologyYaml: string, title: string): Promise<string>;
  /** How many nodes CML holds for a lab (to check an import is complete). */
  nodeCount(labId: string): Promise<number>;
  /** Every lab on the worker with its title and state. */
  listLabs(): Promise<CmlLabSummary[]>;
  startLab(labId: string): Promise<void>;
  isConverged(labId: string): Promise<boolean>;
  stopLab(labId: string): Promise<void>;
  wipeLab(labId: string): Promise<void>;
  /** Stops, wipes and deletes a lab, tolerating each step having been done already. */
  destroyLab(labId: string): Promise<void>;
  /** Creates a non-admin user; its CML id. */
  createUser(username: string, password: string): Promise<string>;
  /** The CML id of the user with this name, or undefined when there is none. */
  userIdByName(username: string): Promise<string | undefined>;
  /** Gives a user `lab_view` + `lab_exec` on one lab. */
  grantLabExec(labId: string, userId: string): Promise<void>;
  /** Deletes a user; a user that is already gone is fine. */
  deleteUser(userId: string): Promise<void>;
}

/** Hands out the CML operations of a worker by its HTTPS endpoint (one client per endpoint). */
export interface CmlLabsProvider {
  forEndpoint(httpsEndpoint: string): CmlLabs;
}

/** DI token of the CmlLabsProvider. */
export const CML_LABS_PROVIDER = Symbol.for('lcm.CmlLabsProvider');
