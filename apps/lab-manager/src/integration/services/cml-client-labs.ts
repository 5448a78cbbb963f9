import { type CmlClient, CmlError } from '@lcm/cml-client';
import type { CmlLabState } from '../../domain/entities/lab-record-status';
import type { CmlLabSummary, CmlLabs } from '../../domain/services/cml-labs';

/** CML's "nothing to do" answers: the lab is already stopped or wiped, the user already gone. */
function alreadyDone(error: unknown): boolean {
  return CmlError.is(error, 'http') && (error.status === 400 || error.status === 404);
}

/** CmlLabs on top of the typed CML client of one worker. */
export class CmlClientLabs implements CmlLabs {
  constructor(private readonly client: CmlClient) {}

  async importLab(topologyYaml: string, title: string): Promise<string> {
    return (await this.client.importTopology(topologyYaml, { title })).id;
  }

  async nodeCount(labId: string): Promise<number> {
    return (await this.client.getLab(labId)).node_count ?? 0;
  }

  async listLabs(): Promise<CmlLabSummary[]> {
    const ids = await this.client.listLabs({ showAll: true });
    const labs: CmlLabSummary[] = [];
    for (const id of ids) {
      try {
        const lab = await this.client.getLab(id);
        labs.push({ id, title: lab.lab_title ?? '', state: lab.state as CmlLabState });
      } catch (error) {
        // Deleted between the listing and the read: not there any more.
        if (!(CmlError.is(error, 'http') && error.status === 404)) throw error;
      }
    }
    return labs;
  }

  startLab(labId: string): Promise<void> {
    return this.client.startLab(labId);
  }

  isConverged(labId: string): Promise<boolean> {
    return this.client.checkIfConverged(labId);
  }

  stopLab(labId: string): Promise<void> {
    return this.client.stopLab(labId);
  }

  wipeLab(labId: string): Promise<void> {
    return this.client.wipeLab(labId);
  }

  async destroyLab(labId: string): Promise<void> {
    for (const step of [
      () => this.client.stopLab(labId),
      () => this.client.wipeLab(labId),
      () => this.client.deleteLab(labId),
    ]) {
      try {
        await step();
      } catch (error) {
        if (!alreadyDone(error)) throw error;
      }
    }
  }

  async createUser(username: string, password: string): Promise<string> {
    const user = await this.client.createUser({ username, password, admin: false, fullname: username });
    if (!user.id) throw new Error(`CML created user ${username} but returned no id`);
    return user.id;
  }

  async userIdByName(username: string): Promise<string | undefined> {
    try {
      return await this.client.userIdByName(username);
    } catch (error) {
      if (CmlError.is(error, 'http') && error.status === 404) return undefined;
      throw error;
    }
  }

  async grantLabExec(labId: string, userId: string): Promise<void> {
    await this.client.grantLabExec(labId, userId);
  }

  async deleteUser(userId: string): Promise<void> {
    try {
      await this.client.deleteUser(userId);
    } catch (error) {
      if (!(CmlError.is(error, 'http') && error.status === 404)) throw error;
    }
  }
}
