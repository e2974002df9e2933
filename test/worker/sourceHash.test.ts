import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { localImports, workflowSourceFiles, workflowSourceHash } from '../../src/build/sourceHash';

describe('workflow bundle fingerprint', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bundle-hash-'));
    await fs.mkdir(path.join(dir, 'workflows'));
    await fs.mkdir(path.join(dir, 'domain'));
    await fs.writeFile(path.join(dir, 'entry.ts'), "export { run } from './workflows';\n");
    await fs.writeFile(path.join(dir, 'workflows', 'index.ts'), "import { budget } from '../domain/budget';\nimport type { T } from '../domain/types';\nexport const run = budget;\n");
    await fs.writeFile(path.join(dir, 'domain', 'budget.ts'), "import { z } from 'zod';\nexport const budget = 1;\n");
    await fs.writeFile(path.join(dir, 'domain', 'types.ts'), 'export type T = number;\n');
    await fs.writeFile(path.join(dir, 'activity.ts'), 'export const unrelated = 1;\n');
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  it('reads relative imports, type-only ones too, and skips packages', () => {
    expect(localImports("import { a } from './a';\nimport type { B } from \"../b\";\nexport * from './c';\nimport x from 'zod';\nconst d = require('./d');")).toEqual([
      './a',
      '../b',
      './c',
      './d',
    ]);
  });

  it('covers every module the entry reaches and nothing else', async () => {
    const files = (await workflowSourceFiles(path.join(dir, 'entry.ts'))).map((f) => path.relative(dir, f));
    expect(files).toEqual(['domain/budget.ts', 'domain/types.ts', 'entry.ts', 'workflows/index.ts']);
  });

  it('changes when workflow code changes, not when other code does', async () => {
    const entry = path.join(dir, 'entry.ts');
    const first = await workflowSourceHash(entry, dir);
    await fs.writeFile(path.join(dir, 'activity.ts'), 'export const unrelated = 2;\n');
    expect(await workflowSourceHash(entry, dir)).toBe(first);
    await fs.writeFile(path.join(dir, 'domain', 'budget.ts'), 'export const budget = 2;\n');
    expect(await workflowSourceHash(entry, dir)).not.toBe(first);
  });

  it('changes when an extra file (the lock file) changes', async () => {
    const entry = path.join(dir, 'entry.ts');
    const lock = path.join(dir, 'package-lock.json');
    await fs.writeFile(lock, '{"v":1}');
    const first = await workflowSourceHash(entry, dir, [lock]);
    await fs.writeFile(lock, '{"v":2}');
    expect(await workflowSourceHash(entry, dir, [lock])).not.toBe(first);
  });
});
