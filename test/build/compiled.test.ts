/**
 * The commands run from compiled JavaScript (scripts/compiled.js): built on first use, reused while the
 * sources are the same, rebuilt when one changes; and a whole offline research run through it (the in-process
 * worker, its workflow bundle from the sources, the offline world, extraction threads) writes its report.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { temporalAddress } from '../harness/research';

// Plain JavaScript, as it runs before anything is compiled.
const compiled = require('../../scripts/compiled.js') as {
  ROOT: string;
  ensureBuilt(root?: string): { dir: string; built: boolean };
};

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');
const LAUNCHER = path.join(ROOT, 'scripts', 'compiled.js');

async function tempProject(): Promise<string> {
  const root = await fs.mkdtemp(path.join(process.env.TEST_TMP_DIR ?? '/tmp', 'compiled-'));
  await fs.mkdir(path.join(root, 'src'), { recursive: true });
  await fs.mkdir(path.join(root, 'offline', 'test'), { recursive: true });
  await fs.writeFile(path.join(root, 'package.json'), '{"name":"p","private":true}\n');
  await fs.writeFile(path.join(root, 'src', 'main.ts'), "import { word } from '../offline/word';\nconst n: number = 1;\nconsole.log(word, n);\n");
  await fs.writeFile(path.join(root, 'offline', 'word.ts'), "export const word: string = 'first';\n");
  await fs.writeFile(path.join(root, 'offline', 'test', 'skipped.test.ts'), 'this is not TypeScript {{{\n');
  return root;
}

describe('commands from compiled JavaScript', () => {
  it('builds on first use, reuses the build while the sources are the same, and rebuilds when one changes', async () => {
    const root = await tempProject();
    const first = compiled.ensureBuilt(root);
    expect(first.built).toBe(true);
    expect(path.relative(root, first.dir)).toMatch(/^\.cache\/cli\/[0-9a-f]{16}$/);
    const output = async (dir: string) => (await run(process.execPath, [path.join(dir, 'src', 'main.js')])).stdout;
    expect(await output(first.dir)).toBe('first 1\n');
    expect(compiled.ensureBuilt(root)).toEqual({ dir: first.dir, built: false });

    await fs.writeFile(path.join(root, 'offline', 'word.ts'), "export const word: string = 'second';\n");
    const second = compiled.ensureBuilt(root);
    expect(second.built).toBe(true);
    expect(second.dir).not.toBe(first.dir);
    expect(await output(second.dir)).toBe('second 1\n');
    // Tests are not built (and a broken one does not break the build); no temp folder is left.
    await expect(fs.stat(path.join(second.dir, 'offline', 'test'))).rejects.toThrow();
    expect((await fs.readdir(path.join(root, '.cache', 'cli'))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('picks up a changed source at the next command (the launcher, as npm runs it), and runs a source that does not compile through tsx', async () => {
    const root = await tempProject();
    await fs.mkdir(path.join(root, 'scripts'));
    await fs.copyFile(LAUNCHER, path.join(root, 'scripts', 'compiled.js'));
    await fs.symlink(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'));
    const command = () => run(process.execPath, ['scripts/compiled.js', 'src/main.ts'], { cwd: root });
    expect((await command()).stdout).toBe('first 1\n');
    await fs.writeFile(path.join(root, 'offline', 'word.ts'), "export const word: string = 'edited';\n");
    expect((await command()).stdout).toBe('edited 1\n');
    // A syntax error elsewhere: tsx runs the sources and says what is wrong, the build is not used.
    await fs.writeFile(path.join(root, 'src', 'broken.ts'), 'export const = ;\n');
    await fs.writeFile(path.join(root, 'offline', 'word.ts'), "export const word: string = 'from source';\n");
    const fallback = await command();
    expect(fallback.stdout).toBe('from source 1\n');
    expect(fallback.stderr).toMatch(/^\(running from source: the compiled build failed: /);
  });

  it('leaves no build behind when a source does not compile (the launcher then runs it from source, where tsx reports it)', async () => {
    const root = await tempProject();
    await fs.writeFile(path.join(root, 'src', 'broken.ts'), 'export const = ;\n');
    expect(() => compiled.ensureBuilt(root)).toThrow();
    expect(await fs.readdir(path.join(root, '.cache', 'cli')).catch(() => [])).toEqual([]);
  });

  it('gives the same answers as the sources through tsx', async () => {
    const fromSource = await run(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['src/client.ts', 'help'], { cwd: ROOT });
    const fromBuild = await run(process.execPath, [LAUNCHER, 'src/client.ts', 'help'], { cwd: ROOT });
    expect(fromBuild.stdout).toBe(fromSource.stdout);
    const error = await run(process.execPath, [LAUNCHER, 'src/client.ts', 'research', 'x', '--budget', 'lots'], { cwd: ROOT }).catch((e: { code: number; stderr: string }) => e);
    expect(error).toMatchObject({ code: 1, stderr: 'error: --budget must be a positive number of US dollars, e.g. 2.5\n' });
  });

  it('runs a whole offline research run: worker, workflow bundle, offline world and page extraction', async () => {
    const outputDir = await fs.mkdtemp(path.join(process.env.TEST_TMP_DIR ?? '/tmp', 'compiled-run-'));
    const env: NodeJS.ProcessEnv = { ...process.env, TEMPORAL_ADDRESS: temporalAddress(), TEMPORAL_TASK_QUEUE: `compiled-${Date.now().toString(36)}`, RESEARCH_OUTPUT_DIR: outputDir, RESEARCH_CACHE_DIR: 'off' };
    delete env.OPENAI_API_KEY;
    const r = await run(process.execPath, [LAUNCHER, 'src/client.ts', 'research', 'tensorflow vs pytorch', '--words', '400', '--yes'], { cwd: ROOT, env, timeout: 180_000 });
    const report = /Report: (.+\.md)/.exec(r.stdout)?.[1];
    expect(report).toBeDefined();
    const markdown = await fs.readFile(report!, 'utf8');
    expect(markdown).toContain('## References');
    expect(markdown).toMatch(/### Pages used \([1-9]\d*\)/);
    expect(compiled.ensureBuilt().built).toBe(false); // the run used (or made) the build of these sources
  }, 240_000);
});
