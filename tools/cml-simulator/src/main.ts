import { startCmlSimulator } from './cml-simulator';

/**
 * Runs one simulated CML controller until SIGINT/SIGTERM. Settings come from the environment:
 * CML_SIM_PORT (default 8443), CML_SIM_HOST (127.0.0.1), CML_SIM_ADMIN_USERNAME / CML_SIM_ADMIN_PASSWORD
 * (admin / admin), CML_SIM_BOOT_DELAY_MS, CML_SIM_NODE_BOOT_DELAY_MS, CML_SIM_LICENSE_DELAY_MS.
 */
async function main(): Promise<void> {
  const env = process.env;
  const number = (name: string) => (env[name] === undefined ? undefined : Number(env[name]));
  const simulator = await startCmlSimulator({
    port: number('CML_SIM_PORT') ?? 8443,
    host: env.CML_SIM_HOST,
    admin: {
      username: env.CML_SIM_ADMIN_USERNAME ?? 'admin',
      password: env.CML_SIM_ADMIN_PASSWORD ?? 'admin',
    },
    bootDelayMs: number('CML_SIM_BOOT_DELAY_MS'),
    nodeBootDelayMs: number('CML_SIM_NODE_BOOT_DELAY_MS'),
    licenseRegistrationDelayMs: number('CML_SIM_LICENSE_DELAY_MS'),
  });
  console.log(
    JSON.stringify({ msg: 'cml-simulator listening', url: simulator.url, api: `${simulator.url}/api/v0` }),
  );
  const stop = () => void simulator.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
