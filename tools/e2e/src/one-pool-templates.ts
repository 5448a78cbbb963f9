import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A worker templates file of a scenario, for WORKER_TEMPLATES_FILE; `remove` deletes it. */
export interface TemplatesFile {
  readonly path: string;
  remove(): Promise<void>;
}

/**
 * Worker templates (YAML) with one template, `pool`: a worker large enough for every session of a test, so
 * placement never waits on a second one and what fails is what the test breaks, not capacity.
 */
export function onePoolTemplates(test: string): string {
  return `- name: pool
  description: Worker of the ${test}
  instanceType: m5.4xlarge
  capacity: { cpuCores: 16, memoryGb: 64, storageGb: 500, maxNodes: 20 }
  licenseType: PERSONAL
  costPerHourUsd: 0.768
  amiNamePattern: CML-2.9-*
  region: us-east-1
`;
}

/** Writes `onePoolTemplates` to a file of its own. */
export async function writeOnePoolTemplates(test: string): Promise<TemplatesFile> {
  const dir = await mkdtemp(join(tmpdir(), 'lcm-templates-'));
  const path = join(dir, 'worker-templates.yaml');
  await writeFile(path, onePoolTemplates(test));
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
}
