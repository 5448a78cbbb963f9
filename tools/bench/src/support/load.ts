// The HTTP load method shared by the framework and footprint benchmarks: servers bundled with esbuild as
// production bundles are, run as their own processes (pinned to one shared CPU where `taskset` exists,
// the load generator on the others), and autocannon as the load generator.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { build } from 'esbuild';

export const repoRoot = join(import.meta.dirname, '../../../..');

/** Bundles a server entry as production does (esbuild, names kept), so plain node runs it without tsx. */
export async function bundle(entry: string, name: string): Promise<string> {
  // Inside the repo, so the bundle's external packages resolve from node_modules.
  const outfile = join(repoRoot, 'node_modules/.cache/lcm-bench', `${name}.cjs`);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    keepNames: true,
    packages: 'external',
    tsconfig: join(repoRoot, 'tsconfig.base.json'),
    logLevel: 'error',
  });
  return outfile;
}

/** Pins the servers to the last CPU and this process (the load generator) to the others, when it can. */
export function cpuPinning(): { server: string[]; note: string } {
  const cpus = availableParallelism();
  const hasTaskset = spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status === 0;
  if (cpus < 2 || !hasTaskset) return { server: [], note: 'no CPU pinning' };
  spawnSync('taskset', ['-a', '-p', '-c', `0-${cpus - 2}`, String(process.pid)], { stdio: 'ignore' });
  return {
    server: ['taskset', '-c', String(cpus - 1)],
    note: `servers share CPU ${cpus - 1}, load on the others`,
  };
}

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly port: number;
}

/** Starts a bundled server that prints `{"port": n}` as its first line once it listens. */
export async function startServer(
  file: string,
  args: readonly string[],
  pin: readonly string[],
): Promise<ServerProcess> {
  const [command, ...rest] = [...pin, process.execPath, file, ...args];
  const child = spawn(command!, rest, { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  return { child, port: (JSON.parse(line) as { port: number }).port };
}

/** CPU time a process has used so far (user + system, from /proc on Linux), in ms; NaN elsewhere. */
export function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime, fields 14 and 15 of the line, in clock ticks of 10 ms on Linux.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

export async function stopServer({ child }: ServerProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** One request shape: method, path and (for a POST) a JSON body. */
export interface RequestShape {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requests: number;
}

/** Loads one server for `seconds` (or `amount` requests); any non-2xx answer or error fails the run. */
export async function load(
  port: number,
  request: RequestShape,
  options: { seconds?: number; amount?: number; connections?: number },
): Promise<LoadResult> {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${request.path}`,
    method: request.method,
    headers: {
      ...request.headers,
      ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
    connections: options.connections ?? 50,
    ...(options.amount ? { amount: options.amount } : { duration: options.seconds ?? 1 }),
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(
      `${request.method} ${request.path} answered ${result.non2xx} non-2xx and ${result.errors} errors`,
    );
  }
  return {
    // The total over the measured time: autocannon's per-second average drops a partial last second.
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
  };
}
