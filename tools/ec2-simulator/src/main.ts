import { startEc2Simulator } from './ec2-simulator';

/**
 * Runs the simulator standalone: `node --import tsx tools/ec2-simulator/src/main.ts`. Configured by
 * EC2_SIM_PORT (8090), EC2_SIM_HOST (127.0.0.1) and EC2_SIM_TRANSITION_MS (2000, the length of the
 * pending, stopping and shutting-down phases).
 */
async function main(): Promise<void> {
  const transitionMs = numberFromEnv('EC2_SIM_TRANSITION_MS', 2_000);
  const simulator = await startEc2Simulator({
    port: numberFromEnv('EC2_SIM_PORT', 8090),
    host: process.env.EC2_SIM_HOST ?? '127.0.0.1',
    durations: { pendingMs: transitionMs, stoppingMs: transitionMs, shuttingDownMs: transitionMs },
  });
  console.log(`ec2-simulator listening on ${simulator.url} (EC2 Query API at /, control API at /_sim)`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void simulator.close().then(() => process.exit(0)));
  }
}

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a non-negative integer, got '${raw}'`);
  return value;
}

main().catch((error: unknown) => {
  console.error(`ec2-simulator failed to start: ${(error as Error).message}`);
  process.exit(1);
});
