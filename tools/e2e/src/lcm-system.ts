import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { deleteRedisKeys } from '@lcm/neuro-core/testing';

const root = join(__dirname, '../../..');

/** Ports of a system started for a test, away from the `npm start` defaults so both can run at once. */
export const E2E_PORTS = {
  workerManager: 18081,
  labManager: 18082,
  sessionManager: 18083,
  ec2: 18090,
  cmlBase: 18100,
};

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

  async start(env: Record<string, string>): Promise<void> {
    this.child = spawn(process.execPath, [join(root, 'tools/scripts/start.mjs')], {
      cwd: root,
      env: {
        ...process.env,
        LOG_PRETTY: 'false',
        LOG_LEVEL: process.env['E2E_LOG_LEVEL'] ?? 'info',
        REDIS_PREFIX: this.prefix,
        AUTH_DEV_KEY_FILE: this.keyFile,
        WORKER_MANAGER_PORT: String(E2E_PORTS.workerManager),
        LAB_MANAGER_PORT: String(E2E_PORTS.labManager),
        SESSION_MANAGER_PORT: String(E2E_PORTS.sessionManager),
        EC2_SIM_PORT: String(E2E_PORTS.ec2),
        CML_SIM_BASE_PORT: String(E2E_PORTS.cmlBase),
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
  }
}
