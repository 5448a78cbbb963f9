// The parts `npm start` runs, in start order, and how they are wired to each other. A part whose entry
// file is missing from the checkout is skipped, so the launcher works at every stage of the project.
// Each port can be moved with its own variable (WORKER_MANAGER_PORT=9081 npm start).

/**
 * @typedef {{ name: string, kind: 'simulator'|'service'|'console', entry: string, port: number, portVariable: string,
 *   readyPath: string, docsPath?: string, subscribers?: string[] }} Part
 */

/** @type {Part[]} */
export const parts = [
  {
    name: 'cloud',
    kind: 'simulator',
    entry: 'tools/scripts/embedded-cloud.ts',
    port: 8090,
    portVariable: 'EC2_SIM_PORT',
    readyPath: '/_sim/instances',
  },
  {
    name: 'worker-manager',
    kind: 'service',
    entry: 'apps/worker-manager/src/main.ts',
    port: 8081,
    portVariable: 'WORKER_MANAGER_PORT',
    readyPath: '/health/ready',
    docsPath: '/api/docs',
    subscribers: ['lab-manager', 'session-manager'],
  },
  {
    name: 'lab-manager',
    kind: 'service',
    entry: 'apps/lab-manager/src/main.ts',
    port: 8082,
    portVariable: 'LAB_MANAGER_PORT',
    readyPath: '/health/ready',
    docsPath: '/api/docs',
    subscribers: ['session-manager'],
  },
  {
    name: 'session-manager',
    kind: 'service',
    entry: 'apps/session-manager/src/main.ts',
    port: 8083,
    portVariable: 'SESSION_MANAGER_PORT',
    readyPath: '/health/ready',
    docsPath: '/api/docs',
    subscribers: ['worker-manager', 'lab-manager'],
  },
  {
    // The web console: its built page (`npx nx build console`, which `npm start` runs first) and the
    // three REST APIs under one origin.
    name: 'console',
    kind: 'console',
    entry: 'apps/console/server/main.ts',
    port: 8080,
    portVariable: 'CONSOLE_PORT',
    readyPath: '/config.json',
  },
];

/**
 * The environment of one part: the launcher's own (so `IDLE_TIMEOUT_MINUTES=2 npm start` reaches the
 * services) plus its port, its event subscribers, the shared dev issuer and the simulated AWS endpoint
 * (with `EC2_SIMULATOR=true`).
 * @param {Part} part
 * @param {Map<string, number>} ports  port of every present part, by name
 * @param {Record<string, string|undefined>} base
 */
export function environmentOf(part, ports, base) {
  const url = (name) => `http://127.0.0.1:${ports.get(name)}`;
  const env = { ...base, [part.portVariable]: String(ports.get(part.name)) };
  if (part.kind === 'console') {
    return {
      ...env,
      PORT: String(ports.get(part.name)),
      WORKER_MANAGER_URL: url('worker-manager'),
      LAB_MANAGER_URL: url('lab-manager'),
      SESSION_MANAGER_URL: url('session-manager'),
    };
  }
  if (part.kind !== 'service') return env;
  const subscribers = (part.subscribers ?? [])
    .filter((name) => ports.has(name))
    .map((name) => `${url(name)}/events`);
  return {
    ...env,
    PORT: String(ports.get(part.name)),
    EVENT_SUBSCRIBERS: base.EVENT_SUBSCRIBERS ?? subscribers.join(','),
    AUTH_DEV_KEY_FILE: base.AUTH_DEV_KEY_FILE ?? '.lcm/dev-issuer.json',
    LAB_MANAGER_URL: base.LAB_MANAGER_URL ?? (ports.has('lab-manager') ? url('lab-manager') : undefined),
    // The embedded system comes with one sample lablet definition to try.
    LABLET_SEED_FILE: base.LABLET_SEED_FILE ?? 'apps/lab-manager/config/sample-lablet.yaml',
    ...(ports.has('cloud') && !base.AWS_ENDPOINT_URL_EC2
      ? {
          AWS_ENDPOINT_URL_EC2: url('cloud'),
          // Lets worker-manager trust the simulator's `lcm:sim-endpoint` tag (each worker's CML simulator).
          EC2_SIMULATOR: 'true',
          AWS_REGION: base.AWS_REGION ?? 'us-east-1',
          // The simulator checks no signature, but the SDK refuses to sign without some credentials.
          AWS_ACCESS_KEY_ID: 'embedded-simulator',
          AWS_SECRET_ACCESS_KEY: 'embedded-simulator',
        }
      : {}),
  };
}
