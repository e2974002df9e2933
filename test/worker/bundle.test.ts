import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cachedWorkflowBundle } from '../../src/build/workflowBundle';

describe('cached workflow bundle (workers run from source)', () => {
  it('is built once for the current workflow code, then reused as is', async () => {
    const cacheDir = await fs.mkdtemp(path.join(os.tmpdir(), 'bundle-cache-'));
    try {
      const first = await cachedWorkflowBundle(cacheDir);
      expect(first.built).toBe(true);
      const code = await fs.readFile(first.codePath, 'utf8');
      // Both workflow types a worker serves are in it.
      expect(code).toContain('researchWorkflow');
      expect(code).toContain('rateLimiterWorkflow');
      const second = await cachedWorkflowBundle(cacheDir);
      expect(second).toEqual({ codePath: first.codePath, built: false });
      expect(await fs.readdir(cacheDir)).toEqual([path.basename(first.codePath)]);
    } finally {
      await fs.rm(cacheDir, { recursive: true, force: true });
    }
  }, 60_000);
});
