import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

// Every benchmark at tiny sizes (BENCH_SMOKE=1), run as `npm run bench -- <name>` runs it, so none rots:
// it must finish, print its table and its verdict. Speed is not asserted here; targets are the benches' job.
const benches = readdirSync(__dirname)
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.replace('.bench.ts', ''));

async function runBench(name: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, `${name}.bench.ts`)], {
    env: { ...process.env, BENCH_SMOKE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output };
}

describe('every benchmark, at smoke size', () => {
  it('finds the five benchmarks', () => {
    expect(benches.sort()).toEqual(['events', 'fleet-sync', 'footprint', 'framework', 'placement']);
  });

  it.each(benches)('%s runs and prints a table and a verdict', async (name) => {
    const { code, output } = await runBench(name);

    expect({ code, output }).toMatchObject({ code: 0 });
    expect(output).toMatch(new RegExp(`^${name} benchmark: `, 'm'));
    expect(output).toMatch(/^-+( +-+)+$/m);
    expect(output).toMatch(new RegExp(`^verdict ${name}: .+ -> (met|NOT met)$`, 'm'));
  });
});
