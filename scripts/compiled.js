#!/usr/bin/env node
/**
 * Runs a TypeScript entry point (`src/client.ts`, `src/worker.ts`) from compiled JavaScript, so a command does
 * not transpile the project at every start: `node scripts/compiled.js src/client.ts research "topic"`.
 *
 * - Built on first use: esbuild (the transpiler tsx itself uses, so the output means the same) writes every
 *   module of src/ and offline/ to .cache/cli/<fingerprint>/, keeping the folder layout, in about a second.
 * - Rebuilt when the sources change: the fingerprint is a hash of every source file's path and content (and
 *   of the lock file and tsconfig), read at each start in a few milliseconds; another fingerprint is another
 *   folder, written aside and renamed into place, so concurrent commands never see half a build.
 * - A build that fails (a syntax error) runs the entry from source through tsx instead, which reports it.
 *
 * Plain JavaScript on purpose: it is what runs before anything is compiled.
 */
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const ROOT = path.resolve(__dirname, '..');
const SOURCE_DIRS = ['src', 'offline'];
const FINGERPRINTED = ['package-lock.json', 'tsconfig.json', __filename];
/** Older builds are removed once they have not been used for this long (a command may still be running one). */
const KEEP_OLD_BUILDS_MS = 24 * 3_600_000;

/** Every TypeScript module the commands may load (tests excluded), sorted; iterative, no recursion. */
function sourceFiles(root = ROOT) {
  const files = [];
  const stack = SOURCE_DIRS.map((d) => path.join(root, d));
  while (stack.length > 0) {
    const dir = stack.pop();
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'test' && entry.name !== 'node_modules') stack.push(full);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts')) {
        files.push(full);
      }
    }
  }
  return files.sort();
}

/** Hex digest of the sources' paths and contents, and of what else changes their output. */
function sourceHash(files, root = ROOT) {
  // The output targets the Node that builds it: another major version gets its own build.
  const hash = crypto.createHash('sha256').update(`node${process.versions.node.split('.')[0]}\0`);
  for (const file of [...files, ...FINGERPRINTED.map((f) => path.resolve(root, f))]) {
    let content;
    try {
      content = fs.readFileSync(file);
    } catch {
      continue;
    }
    hash.update(path.relative(root, file)).update('\0').update(content).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** The build for the current sources: its folder, and whether this call had to build it. */
function ensureBuilt(root = ROOT) {
  const files = sourceFiles(root);
  const dir = path.join(root, '.cache', 'cli', sourceHash(files, root));
  if (fs.existsSync(path.join(dir, '.complete'))) {
    touch(dir);
    return { dir, built: false };
  }
  build(root, files, dir);
  pruneOldBuilds(path.dirname(dir), dir);
  return { dir, built: true };
}

function build(root, files, dir) {
  const esbuild = require('esbuild');
  const tmp = `${dir}.${process.pid}.${Date.now().toString(36)}.tmp`;
  try {
    esbuild.buildSync({
      absWorkingDir: root,
      entryPoints: files,
      outdir: tmp,
      outbase: root,
      bundle: false,
      format: 'cjs',
      platform: 'node',
      target: `node${process.versions.node.split('.')[0]}`,
      keepNames: true,
      // import() becomes require(), as tsc compiles it for npm run build: `import(path)` of a module without
      // its extension (the offline world's) resolves like require does.
      supported: { 'dynamic-import': false },
      logLevel: 'silent',
    });
    fs.writeFileSync(path.join(tmp, '.complete'), `${new Date().toISOString()}\n`);
    try {
      fs.renameSync(tmp, dir);
    } catch (err) {
      // Another command built the same sources first: theirs is as good as ours.
      if (!fs.existsSync(path.join(dir, '.complete'))) throw err;
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function touch(dir) {
  const now = new Date();
  try {
    fs.utimesSync(dir, now, now);
  } catch {
    // a read-only checkout still runs
  }
}

function pruneOldBuilds(parent, current) {
  for (const name of fs.readdirSync(parent)) {
    const dir = path.join(parent, name);
    if (dir === current) continue;
    try {
      if (Date.now() - fs.statSync(dir).mtimeMs > KEEP_OLD_BUILDS_MS) fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // gone already, or not ours to remove
    }
  }
}

/** Runs `entry` (a path under the root, e.g. src/client.ts) as the main module, with the arguments after it. */
function run(entry) {
  let target;
  try {
    target = path.join(ensureBuilt().dir, entry.replace(/\.ts$/, '.js'));
  } catch (err) {
    console.error(`(running from source: the compiled build failed: ${String(err && err.message).split('\n')[0]})`);
    require('tsx/cjs');
    target = path.join(ROOT, entry);
  }
  process.argv.splice(1, 2, target);
  Module.runMain();
}

if (require.main === module) {
  if (!process.argv[2]) {
    console.error('usage: node scripts/compiled.js <entry.ts> [args...]');
    process.exit(2);
  }
  run(process.argv[2]);
}

module.exports = { ROOT, sourceFiles, sourceHash, ensureBuilt };
