// The embedded stand-in for AWS and CML, run by `npm start` and the end-to-end test: the EC2 simulator,
// plus one CML simulator per running instance, so a worker's `httpsEndpoint` answers like a real CML
// controller. Ports: EC2_SIM_PORT (8090), CML simulators from CML_SIM_BASE_PORT (8100) up.
import { type CmlSimulator, type CmlSimulatorOptions, startCmlSimulator } from '@lcm/cml-simulator';
import { startEc2Simulator } from '@lcm/ec2-simulator';

const env = process.env;
const number = (name: string, fallback: number) => (env[name] ? Number(env[name]) : fallback);
const basePort = number('CML_SIM_BASE_PORT', 8100);
const transitionMs = number('EC2_SIM_TRANSITION_MS', 2000);
const cml = new Map<string, { simulator: CmlSimulator; port: number }>();

/** Ports something else on the machine already listens on; never tried again. */
const taken = new Set<number>();

function freePort(): number {
  const used = new Set([...cml.values()].map((entry) => entry.port));
  let port = basePort;
  while (used.has(port) || taken.has(port)) port++;
  return port;
}

/**
 * Starts a CML simulator on the first free port from CML_SIM_BASE_PORT up. A port another process holds
 * (e.g. an outgoing connection's ephemeral port) is skipped: failing the instance's start would leave its
 * worker without a CML until the port happens to be released.
 */
async function startCmlOnFreePort(
  options: Omit<CmlSimulatorOptions, 'port'>,
): Promise<{ simulator: CmlSimulator; port: number }> {
  for (;;) {
    const port = freePort();
    try {
      return { simulator: await startCmlSimulator({ ...options, port }), port };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      taken.add(port);
      console.log(JSON.stringify({ msg: 'cml-simulator port in use, trying the next', port }));
    }
  }
}

async function stopCml(instanceId: string): Promise<void> {
  const entry = cml.get(instanceId);
  if (!entry) return;
  cml.delete(instanceId);
  await entry.simulator.close();
  console.log(JSON.stringify({ msg: 'cml-simulator stopped', instanceId, port: entry.port }));
}

async function main(): Promise<void> {
  const ec2 = await startEc2Simulator({
    port: number('EC2_SIM_PORT', 8090),
    durations: { pendingMs: transitionMs, stoppingMs: transitionMs, shuttingDownMs: transitionMs },
    onInstanceRunning: async (instance) => {
      await stopCml(instance.instanceId);
      const { simulator, port } = await startCmlOnFreePort({
        admin: {
          username: env['CML_SIM_ADMIN_USERNAME'] ?? 'admin',
          password: env['CML_SIM_ADMIN_PASSWORD'] ?? 'admin',
        },
        bootDelayMs: number('CML_SIM_BOOT_DELAY_MS', 1000),
        nodeBootDelayMs: number('CML_SIM_NODE_BOOT_DELAY_MS', 1000),
        licenseRegistrationDelayMs: number('CML_SIM_LICENSE_DELAY_MS', 2000),
      });
      cml.set(instance.instanceId, { simulator, port });
      console.log(
        JSON.stringify({ msg: 'cml-simulator started', instanceId: instance.instanceId, url: simulator.url }),
      );
      return { endpoint: simulator.url };
    },
    onInstanceStopped: (instance) => stopCml(instance.instanceId),
    onInstanceTerminated: (instance) => stopCml(instance.instanceId),
  });
  console.log(JSON.stringify({ msg: 'ec2-simulator listening', url: ec2.url, cmlBasePort: basePort }));
  const stop = () =>
    void (async () => {
      for (const id of [...cml.keys()]) await stopCml(id);
      await ec2.close();
      process.exit(0);
    })();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`embedded cloud failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
