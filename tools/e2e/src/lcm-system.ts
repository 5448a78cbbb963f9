import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DevIssuer } from '@lcm/neuro-core/hosting';
import { deleteRedisKeys } from '@lcm/neuro-core/testing';

const root = join(__dirname, '../../..');

/** Where one system started for a test listens (CML simulators take `cmlBase` and the ports above it). */
export interface SystemPorts {
  readonly workerManager: number;
  readonly labManager: number;
  readonly sessionManager: number;
  readonly console: number;
  readonly ec2: number;
  readonly cmlBase: number;
}

/**
 * Timings that let a whole flow run in seconds: boots, polls and scheduled passes of about a second instead of
 * minutes. Tests pass them to `start` with their own settings.
 */
export const QUICK_TIMINGS: Readonly<Record<string, string>> = {
  OUTBOX_POLL_MS: '100',
  EVENT_DELIVERY_BACKOFF_MS: '200',
  EC2_SIM_TRANSITION_MS: '300',
  CML_SIM_BOOT_DELAY_MS: '300',
  CML_SIM_NODE_BOOT_DELAY_MS: '300',
  RECONCILE_INTERVAL_SECONDS: '1',
  LABS_SYNC_INTERVAL_SECONDS: '2',
  PLACEMENT_INTERVAL_SECONDS: '1',
  TIMER_INTERVAL_SECONDS: '1',
  LAB_CONVERGE_POLL_MS: '200',
};

/** CML simulators the system may start (one per worker instance). */
const CML_PORTS = 20;

/**
 * A block of ports nothing on this machine listens on, so this system meets neither `npm start` nor another
 * test run (a fixed block made two runs on one machine fail with EADDRINUSE). It lies below Linux's
 * ephemeral range (32768 up), where any outgoing connection may take a port the CML simulators need later.
 */
async function freePorts(): Promise<SystemPorts> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 120) * 100;
    const ports: SystemPorts = {
      workerManager: base + 1,
      labManager: base + 2,
      sessionManager: base + 3,
      console: base + 4,
      ec2: base + 10,
      cmlBase: base + 20,
    };
    const cml = Array.from({ length: CML_PORTS }, (_, i) => ports.cmlBase + i);
    const all = [
      ports.workerManager,
      ports.labManager,
      ports.sessionManager,
      ports.console,
      ports.ec2,
      ...cml,
    ];
    if ((await Promise.all(all.map(isFree))).every(Boolean)) return ports;
  }
  throw new Error('no free block of ports found for the system under test');
}

/** The part an entry file of `tools/scripts/lcm-parts.mjs` starts. */
function partOf(argument: string): string | undefined {
  if (argument === 'tools/scripts/embedded-cloud.ts') return 'cloud';
  return /^apps\/([\w-]+)\/(src|server)\/main\.ts$/.exec(argument)?.[1];
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    // No host: the services listen on every address, so that is what must be free.
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

/**
 * The whole of LCM started exactly as `npm start` does (tools/scripts/start.mjs: separate processes,
 * the embedded cloud, services subscribed to each other) with short timings, its own Redis key prefix
 * and its own dev issuer key file.
 */
export class LcmSystem {
  readonly output: string[] = [];
  private child?: ChildProcess;
  readonly prefix = `e2e-${randomUUID().slice(0, 8)}`;
  readonly keyFile = join(root, '.lcm', `${this.prefix}-issuer.json`);
  private chosen?: SystemPorts;
  private issuer?: DevIssuer;

  /** Where the system listens; known once `start` has been called. */
  get ports(): SystemPorts {
    if (!this.chosen) throw new Error('the system has not been started');
    return this.chosen;
  }

  async start(env: Record<string, string>): Promise<void> {
    const ports = (this.chosen = await freePorts());
    this.child = spawn(process.execPath, [join(root, 'tools/scripts/start.mjs')], {
      cwd: root,
      env: {
        ...process.env,
        LOG_PRETTY: 'false',
        LOG_LEVEL: process.env['E2E_LOG_LEVEL'] ?? 'info',
        REDIS_PREFIX: this.prefix,
        AUTH_DEV_KEY_FILE: this.keyFile,
        WORKER_MANAGER_PORT: String(ports.workerManager),
        LAB_MANAGER_PORT: String(ports.labManager),
        SESSION_MANAGER_PORT: String(ports.sessionManager),
        CONSOLE_PORT: String(ports.console),
        // Only the browser tests need the console (and its build); they ask with CONSOLE=true.
        CONSOLE: 'false',
        EC2_SIM_PORT: String(ports.ec2),
        CML_SIM_BASE_PORT: String(ports.cmlBase),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => this.output.push(...chunk.toString().split('\n').filter(Boolean));
    this.child.stdout!.on('data', collect);
    this.child.stderr!.on('data', collect);
    const deadline = Date.now() + 90_000;
    while (!this.output.some((line) => line.includes('Lablet Cloud Manager is running'))) {
      if (this.child.exitCode !== null) throw new Error(`the system stopped while starting:\n${this.tail()}`);
      if (Date.now() > deadline) throw new Error(`the system did not start within 90 s:\n${this.tail()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /**
   * The process id of each part the launcher runs, by part name (`worker-manager`, `lab-manager`,
   * `session-manager`, `cloud`), read from /proc (Linux): for tests that watch what each process costs.
   */
  async processIds(): Promise<Record<string, number>> {
    const launcher = this.child?.pid;
    if (launcher === undefined) throw new Error('the system has not been started');
    const ids: Record<string, number> = {};
    for (const task of await readdir(`/proc/${launcher}/task`)) {
      const children = await readFile(`/proc/${launcher}/task/${task}/children`, 'utf8');
      for (const pid of children.split(' ').filter(Boolean).map(Number)) {
        const command = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
        const part = command.map(partOf).find((name) => name !== undefined);
        if (part) ids[part] = pid;
      }
    }
    return ids;
  }

  /** The base URL of one of the system's servers (`http://127.0.0.1:<port>`). */
  url(server: Exclude<keyof SystemPorts, 'cmlBase'>): string {
    return `http://127.0.0.1:${this.ports[server]}`;
  }

  /** A token for `sub` with `roles`, from the dev issuer the system trusts. */
  async token(sub: string, roles: readonly string[]): Promise<string> {
    this.issuer ??= await DevIssuer.load(this.keyFile);
    return this.issuer.mint({ sub, roles: [...roles] });
  }

  /** The last lines the system printed, for failure messages. */
  tail(lines = 40): string {
    return this.output.slice(-lines).join('\n');
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null) {
      child.kill('SIGINT');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    await deleteRedisKeys(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379', this.prefix);
    await rm(this.keyFile, { force: true });
  }
}
