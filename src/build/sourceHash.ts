/**
 * A fingerprint of the workflow code: the entry file, every local module it reaches through imports, and
 * the lock file (for the packages bundled with it). The same fingerprint means the same bundle, so a
 * cached bundle is reused until one of those files changes.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
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

async function resolveModule(fromDir: string, specifier: string): Promise<string | undefined> {
  const base = path.resolve(fromDir, specifier);
  for (const candidate of [base, ...EXTENSIONS.map((ext) => base + ext)]) {
    const stat = await fs.stat(candidate).catch(() => undefined);
    if (stat?.isFile()) return candidate;
  }
  return undefined;
}

/** Every local file the entry reaches, sorted; a breadth-first walk (no recursion on the import graph). */
export async function workflowSourceFiles(entry: string): Promise<string[]> {
  const seen = new Set<string>([entry]);
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift()!;
    const source = await fs.readFile(file, 'utf8');
    for (const specifier of localImports(source)) {
      const resolved = await resolveModule(path.dirname(file), specifier);
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
  const files = [...(await workflowSourceFiles(entry)), ...extraFiles];
  for (const file of files) {
    const content = await fs.readFile(file).catch(() => undefined);
    if (content === undefined) continue;
    hash.update(path.relative(root, file)).update('\0').update(content).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}
