/**
 * A folder no report fits in, as a user's full disk: a tiny tmpfs filled to the last byte when the tests run
 * as root (they do in CI), otherwise a folder made read-only (root would ignore its mode bits).
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface FullFolder {
  dir: string;
  /** The error a write there fails with: ENOSPC on the full tmpfs, EACCES on the read-only folder. */
  code: 'ENOSPC' | 'EACCES';
  release(): Promise<void>;
}

export async function fullFolder(): Promise<FullFolder> {
  const dir = await fs.mkdtemp(path.join(process.env.TEST_TMP_DIR ?? '/tmp', 'full-disk-'));
  if (process.getuid?.() === 0) {
    await run('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', dir]);
    // Fill it: a write of any size then fails with ENOSPC.
    await fs.writeFile(path.join(dir, 'filler'), Buffer.alloc(64 * 1024)).catch(() => undefined);
    return {
      dir,
      code: 'ENOSPC',
      release: async () => {
        await run('umount', [dir]).catch(() => undefined);
        await fs.rm(dir, { recursive: true, force: true });
      },
    };
  }
  await fs.chmod(dir, 0o500);
  return { dir, code: 'EACCES', release: () => fs.chmod(dir, 0o700).then(() => fs.rm(dir, { recursive: true, force: true })) };
}

/** What a folder holds, but for the filler that makes it full. */
export async function entriesOf(dir: string): Promise<string[]> {
  return (await fs.readdir(dir)).filter((f) => f !== 'filler').sort();
}
