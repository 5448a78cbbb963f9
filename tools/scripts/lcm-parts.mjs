// The parts `npm start` runs, in start order. A part whose entry file is missing from the checkout is
// skipped, so the launcher works at every stage of the project.

/** @typedef {{name: string, kind: 'simulator'|'service', entry: string, port: number, portVariable: string, readyPath: string, docsPath?: string, env: (port: number, all: object[]) => Record<string, string>}} Part */

/** @type {Part[]} */
export const parts = [
  {
    name: 'ec2-simulator',
    kind: 'simulator',
    entry: 'tools/ec2-simulator/src/main.ts',
    port: 8090,
    portVariable: 'EC2_SIM_PORT',
    readyPath: '/_sim/instances',
    env: () => ({}),
  },
];
