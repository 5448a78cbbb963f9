import { call } from './api-call';
import type { EventSpy } from './event-spy';
import type { LcmSystem } from './lcm-system';

/** What a variant of the seeded sample changes: its name, and what each of its sessions needs. */
export interface SampleVariant {
  readonly name: string;
  readonly resourceRequirements: { cpuCores: number; memoryGb: number; storageGb: number };
  readonly licenseAffinity: readonly string[];
}

/**
 * A manager publishes a lablet definition with the seeded two-router-basics topology and the variant's
 * needs (sizing sessions against the worker templates); resolves once lab-manager announced it.
 */
export async function defineSampleVariant(
  system: LcmSystem,
  spy: EventSpy,
  variant: SampleVariant,
): Promise<void> {
  const labs = system.url('labManager');
  const manager = await system.token('teacher', ['manager']);
  const seeded = await call(`${labs}/api/lablet-definitions?name=two-router-basics`, manager);
  const created = await call(`${labs}/api/lablet-definitions`, manager, 'POST', {
    ...variant,
    version: '1.0.0',
    topologyYaml: seeded.body[0].topologyYaml,
    maxDurationMinutes: 60,
  });
  if (created.status !== 201)
    throw new Error(`POST /api/lablet-definitions: ${created.status} ${JSON.stringify(created.body)}`);
  await spy.waitFor('io.lcm.lablet-definition.created.v1', (e) => e.data['name'] === variant.name);
}
