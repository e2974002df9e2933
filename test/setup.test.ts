/**
 * The setup script a fresh clone runs before anything else.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = path.resolve(__dirname, '..', 'scripts', 'ensure-temporal.sh');

describe('scripts/ensure-temporal.sh', () => {
  it('with neither the Temporal CLI nor Go available, stops and names both ways to fix it', async () => {
    // A fresh checkout (no .tools/) on a machine whose PATH has neither `temporal` nor `go`.
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'fresh-clone-'));
    await fs.mkdir(path.join(root, 'scripts'));
    await fs.copyFile(SCRIPT, path.join(root, 'scripts', 'ensure-temporal.sh'));
    // PATH holds only what the script needs besides bash builtins, whatever this machine has installed.
    const bin = path.join(root, 'bin');
    await fs.mkdir(bin);
    await fs.symlink((await run('/bin/bash', ['-c', 'command -v dirname'])).stdout.trim(), path.join(bin, 'dirname'));
    const failure = await run('/bin/bash', [path.join(root, 'scripts', 'ensure-temporal.sh')], { env: { PATH: bin } }).then(
      () => undefined,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/install the Temporal CLI/);
    expect(failure?.stderr).toMatch(/install Go/);
    await expect(fs.access(path.join(root, '.tools'))).rejects.toThrow();
  });

  it('finds an installed Temporal CLI and does nothing more', async () => {
    const { stderr } = await run('/bin/bash', [SCRIPT]);
    expect(stderr).toBe('');
  });
});
