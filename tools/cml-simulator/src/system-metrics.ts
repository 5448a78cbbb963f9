import { randomUUID } from 'node:crypto';
import type { CmlSystemHealth, CmlSystemStats } from '@lcm/cml-client';
import type { LabStore } from './lab-store';

const GB = 1024 ** 3;
const DEFAULT_NODE_RAM_MB = 512;

/**
 * `system_stats` and `system_health` of a one-host controller (controller and compute together), derived
 * from the labs: running nodes raise CPU load and memory use, and allocate their cpus and RAM.
 */
export class SystemMetrics {
  private readonly computeId = randomUUID();

  constructor(
    private readonly labs: LabStore,
    private readonly capacity: { cpus: number; memoryGb: number; diskGb: number },
  ) {}

  stats(): CmlSystemStats {
    const running = this.labs.list().filter((lab) => lab.state === 'STARTED');
    const runningNodes = running.flatMap((lab) => lab.nodes);
    const definedNodes = this.labs.list().filter((lab) => lab.state !== 'DEFINED_ON_CORE');
    const allocatedCpus = runningNodes.reduce((sum, n) => sum + (n.source.cpus ?? 1), 0);
    const allocatedMemoryMb = runningNodes.reduce((sum, n) => sum + (n.source.ram ?? DEFAULT_NODE_RAM_MB), 0);
    const percent = Math.min(100, 2 + runningNodes.length * 5);
    const memoryTotal = this.capacity.memoryGb * GB;
    const memoryUsed = Math.min(memoryTotal, 2 * GB + allocatedMemoryMb * 1024 * 1024);
    const memory = { used: memoryUsed, free: memoryTotal - memoryUsed, total: memoryTotal };
    const diskTotal = this.capacity.diskGb * GB;
    const diskUsed = Math.min(
      diskTotal,
      20 * GB + definedNodes.reduce((s, lab) => s + lab.nodes.length, 0) * GB,
    );
    const disk = { used: diskUsed, free: diskTotal - diskUsed, total: diskTotal };
    const cpuCount = this.capacity.cpus;
    return {
      computes: {
        [this.computeId]: {
          hostname: 'cml-simulator',
          is_controller: true,
          stats: {
            cpu: {
              count: cpuCount,
              percent,
              model: 'Simulated CPU',
              predicted: cpuCount,
              load: [percent / 100, 0, 0],
            },
            memory,
            disk,
            dominfo: {
              total_nodes: definedNodes.reduce((sum, lab) => sum + lab.nodes.length, 0),
              total_orphans: 0,
              running_nodes: runningNodes.length,
              running_orphans: 0,
              allocated_cpus: allocatedCpus,
              allocated_memory: allocatedMemoryMb,
            },
          },
        },
      },
      all: { cpu: { count: cpuCount, percent }, memory, disk },
      controller: { disk },
    };
  }

  health(licensed: boolean, enterprise: boolean): CmlSystemHealth {
    return {
      valid: true,
      is_licensed: licensed,
      is_enterprise: enterprise,
      computes: {
        [this.computeId]: {
          kvm_vmx_enabled: true,
          enough_cpus: true,
          lld_connected: true,
          lld_synced: true,
          libvirt: true,
          fabric: true,
          device_mux: true,
          refplat_images_available: true,
          docker_shim: true,
          valid: true,
          admission_state: 'READY',
          is_controller: true,
          hostname: 'cml-simulator',
        },
      },
      controller: { core_connected: true, nodes_loaded: true, images_loaded: true, valid: true },
    };
  }
}
