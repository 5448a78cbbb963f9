import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A worker templates file of a scenario, for WORKER_TEMPLATES_FILE; `remove` deletes it. */
export interface TemplatesFile {
  readonly path: string;
  remove(): Promise<void>;
}

/**
 * Writes a templates file with one template, `pool`: a worker large enough for every session of the
 * scenario, so what fails is what the scenario breaks, not capacity.
 */
export async function writeOnePoolTemplates(scenario: string): Promise<TemplatesFile> {
  const dir = await mkdtemp(join(tmpdir(), 'lcm-faults-'));
  const path = join(dir, 'worker-templates.yaml');
  await writeFile(
    path,
    `- name: pool
  description: Worker of the ${scenario} scenario
  instanceType: m5.4xlarge
  capacity: { cpuCores: 16, memoryGb: 64, storageGb: 500, maxNodes: 20 }
  licenseType: PERSONAL
  costPerHourUsd: 0.768
  amiNamePattern: CML-2.9-*
  region: us-east-1
`,
  );
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
}
