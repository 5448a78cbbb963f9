import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '../../..');
const IO_PACKAGES = ['bullmq', 'express', 'ioredis', 'mongodb'];

// Runs in a fresh Node process (through tsx, as `npm start` runs the sources), so nothing jest or another
// test loaded counts: what is in require.cache afterwards is what importing the entry loads.
const PROBE = `
require(require('node:path').resolve(process.env.ENTRY));
const names = Object.keys(require.cache)
  .map((file) => /node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)[\\\\/]/.exec(file)?.[1])
  .filter((name) => name && name !== 'tsx' && name !== 'esbuild');
process.stdout.write(JSON.stringify([...new Set(names)].sort()));
`;

/** The npm packages that importing one neuro-core entry file loads. */
async function packagesLoadedBy(entry: string): Promise<string[]> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '-e', PROBE], {
    cwd: ROOT,
    env: { ...process.env, ENTRY: join('packages/neuro-core/src', entry) },
  });
  return JSON.parse(stdout) as string[];
}

describe('neuro-core entry points', () => {
  let loaded: Record<'domain' | 'main' | 'hosting', string[]>;

  beforeAll(async () => {
    const [domain, main, hosting] = await Promise.all(
      ['domain/index.ts', 'index.ts', 'hosting/index.ts'].map(packagesLoadedBy),
    );
    loaded = { domain: domain!, main: main!, hosting: hosting! };
  }, 60_000);

  it('sees the I/O libraries the hosting entry loads (so the checks below are not vacuous)', () => {
    expect(loaded.hosting).toEqual(expect.arrayContaining(IO_PACKAGES.filter((name) => name !== 'mongodb')));
  });

  it('loads the MongoDB driver only when a service connects to MongoDB, not with the hosting entry', () => {
    expect(loaded.hosting).not.toContain('mongodb');
  });

  it('@lcm/neuro-core/domain loads no npm package at all: no database, queue, Redis, HTTP or logging library', () => {
    expect(loaded.domain).toEqual([]);
  });

  it('@lcm/neuro-core loads no database, queue, Redis or HTTP library: those stay behind /hosting', () => {
    expect(loaded.main.filter((name) => IO_PACKAGES.includes(name))).toEqual([]);
  });
});
