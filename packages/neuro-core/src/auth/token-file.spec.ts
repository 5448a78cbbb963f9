import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenFile } from './token-file';

describe('TokenFile', () => {
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'token-file-'));
  });

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('reads the token at each call, without the trailing newline', async () => {
    const path = join(directory, 'token');
    const file = new TokenFile(path);

    await writeFile(path, 'first\n');
    const first = await file.authorization();
    await writeFile(path, 'second');

    expect([first, await file.authorization()]).toEqual(['Bearer first', 'Bearer second']);
  });

  it('names the file when it is missing or empty', async () => {
    const path = join(directory, 'token');

    await expect(new TokenFile(path).authorization()).rejects.toThrow(
      `cannot read the token file ${path}: ENOENT`,
    );
    await writeFile(path, ' \n');
    await expect(new TokenFile(path).authorization()).rejects.toThrow(`the token file ${path} is empty`);
  });
});
