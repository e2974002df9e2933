/**
 * A fingerprint of the workflow code: the entry file, every local module it reaches through imports, and
 * the lock file (for the packages bundled with it). The same fingerprint means the same bundle, so a
 * cached bundle is reused until one of those files changes.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g;
const EXTENSIONS = ['.ts', '.js', '/index.ts', '/index.js'];

/** Relative module specifiers of one source file (type-only imports included: harmless over-approximation). */
export function localImports(source: string): string[] {
  const found = new Set<string>();
  for (const match of source.matchAll(SPECIFIER)) {
    if (match[1].startsWith('.')) found.add(match[1]);
  }
  return [...found];
}

function resolveModule(fromDir: string, specifier: string): string | undefined {
  const base = path.resolve(fromDir, specifier);
  for (const candidate of [base, ...EXTENSIONS.map((ext) => base + ext)]) {
    try {
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not there (or under a file): the next candidate
    }
  }
  return undefined;
}

/**
 * Every local file the entry reaches, sorted; a breadth-first walk (no recursion on the import graph).
 * Read with synchronous calls, as scripts/compiled.js fingerprints the sources: ~120 small local files take
 * ~10 ms so, where one awaited file system call after another took ~80 ms of every worker's (and every
 * `research` command's) start-up. Async still, for the callers.
 */
export async function workflowSourceFiles(entry: string): Promise<string[]> {
  return workflowSourceFilesSync(entry);
}

function workflowSourceFilesSync(entry: string): string[] {
  const seen = new Set<string>([entry]);
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift()!;
    const source = fs.readFileSync(file, 'utf8');
    for (const specifier of localImports(source)) {
      const resolved = resolveModule(path.dirname(file), specifier);
      if (resolved && !seen.has(resolved)) {
        seen.add(resolved);
        queue.push(resolved);
      }
    }
  }
  return [...seen].sort();
}

/** Hex digest over the files' paths (relative to `root`) and contents, plus `extraFiles` when present. */
export async function workflowSourceHash(entry: string, root: string, extraFiles: string[] = []): Promise<string> {
  const hash = createHash('sha256');
  const files = [...workflowSourceFilesSync(entry), ...extraFiles];
  for (const file of files) {
    let content: Buffer;
    try {
      content = fs.readFileSync(file);
    } catch {
      continue;
    }
    hash.update(path.relative(root, file)).update('\0').update(content).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}
