/**
 * Writes a report under the output folder with a safe, bounded name derived from the topic. Only the
 * command that follows a run writes here (the report of record is the run's result in Temporal; a file is
 * a copy), and a write that fails (full disk, read-only folder) leaves no temp file and no partial report.
 *
 * - Names are capped in UTF-8 bytes (file systems limit a name to 255 bytes, not characters): a long
 *   CJK topic gets a shorter name instead of ENAMETOOLONG after the run has paid for everything.
 * - The text is first written to a temp file with a random name (created exclusively), then linked to
 *   its final name with link(2), which fails if the name exists: the final name is created exclusively
 *   and atomically, so no report is ever overwritten or seen half-written. On a file system without
 *   hard links the final name is written with the `wx` flag (exclusive, not atomic, removed if cut short).
 * - A name taken by another report moves on to `-2`, `-3`, ...; a name taken by this run's own report
 *   (saved before, by this command or an older worker) is that report, returned as it is.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isReportOfRun, type RunIdentity } from './runMarker';

/** Bytes for the topic part of a name: with ".md", "-9999" or the temp name's additions it stays far below 255. */
export const MAX_NAME_BYTES = 120;
const MAX_SUFFIX = 10_000;
/** Errors of link(2) that mean "this file system has no hard links here", not "the name is taken". */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/** "TensorFlow vs. PyTorch: 2026?" → "tensorflow-vs-pytorch-2026"; at most MAX_NAME_BYTES bytes of UTF-8. */
export function reportBaseName(topic: string): string {
  const slug = topic
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, '-')
    .replace(/^[-\p{M}]+|-+$/gu, '');
  return truncateUtf8(slug, MAX_NAME_BYTES).replace(/-+$/, '') || 'research-report';
}

/** The longest prefix of whole grapheme clusters that fits in `maxBytes` of UTF-8. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let out = '';
  let bytes = 0;
  for (const { segment } of graphemes.segment(text)) {
    const size = Buffer.byteLength(segment, 'utf8');
    if (bytes + size > maxBytes) break;
    out += segment;
    bytes += size;
  }
  return out;
}

export async function writeReportFile(dir: string, topic: string, markdown: string, run: RunIdentity): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const base = reportBaseName(topic);
  return withTempCopy(dir, base, markdown, async (tmp) => {
    for (let n = 1; n < MAX_SUFFIX; n++) {
      const file = path.join(dir, n === 1 ? `${base}.md` : `${base}-${n}.md`);
      if (await createExclusively(tmp, file, markdown)) return path.resolve(file);
      if (await isFromRun(file, run)) return path.resolve(file);
    }
    throw new Error(`could not find a free file name for ${base}.md in ${dir}`);
  });
}

/**
 * Writes `file`, which must not exist yet, whole or not at all: a full disk or a read-only folder leaves
 * neither a partial file nor a temp file behind. EEXIST when the name is taken.
 */
export async function writeNewFile(file: string, text: string | Uint8Array): Promise<void> {
  const dir = path.dirname(file);
  await withTempCopy(dir, truncateUtf8(path.basename(file), MAX_NAME_BYTES), text, async (tmp) => {
    if (!(await createExclusively(tmp, file, text))) {
      throw Object.assign(new Error(`EEXIST: ${file} already exists`), { code: 'EEXIST', path: file });
    }
  });
}

/** Runs `use` with the text written to a temp file beside its final place; the temp file is always removed. */
async function withTempCopy<T>(dir: string, base: string, text: string | Uint8Array, use: (tmp: string) => Promise<T>): Promise<T> {
  const tmp = path.join(dir, `.${base}.${randomBytes(8).toString('hex')}.tmp`);
  try {
    await fs.writeFile(tmp, text, { encoding: 'utf8', flag: 'wx' });
    return await use(tmp);
  } finally {
    await fs.rm(tmp, { force: true });
  }
}

/** Creates `file` with the temp file's content if the name is free; false when it is taken. */
async function createExclusively(tmp: string, file: string, markdown: string | Uint8Array): Promise<boolean> {
  try {
    await fs.link(tmp, file);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') return false;
    if (!NO_HARD_LINKS.has(code)) throw err;
  }
  try {
    await fs.writeFile(file, markdown, { encoding: 'utf8', flag: 'wx' });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    // The name was ours (created exclusively above): a write cut short by a full disk leaves no partial report.
    await fs.rm(file, { force: true });
    throw err;
  }
}

/**
 * Writes an export of a saved report (its HTML or PDF) next to it: `reports/topic.md` → `reports/topic.html`,
 * whole or not at all, never over another file (a name taken by another file moves on to `-2`, `-3`, ...).
 * A name taken by this run's own export (`isOwn` says so: a second save of the same run) is returned as it is.
 */
export async function writeExportFile(
  reportFile: string,
  extension: string,
  content: string | Uint8Array,
  isOwn: (existing: Buffer) => boolean = () => false,
): Promise<string> {
  const stem = reportFile.replace(/\.md$/, '');
  for (let n = 1; n < MAX_SUFFIX; n++) {
    const file = path.resolve(n === 1 ? `${stem}.${extension}` : `${stem}-${n}.${extension}`);
    try {
      await writeNewFile(file, content);
      return file;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const existing = await fs.readFile(file).catch(() => undefined);
      if (existing && isOwn(existing)) return file;
    }
  }
  throw new Error(`could not find a free file name for ${path.basename(stem)}.${extension} in ${path.dirname(stem)}`);
}

async function isFromRun(file: string, run: RunIdentity): Promise<boolean> {
  const text = await fs.readFile(file, 'utf8').catch(() => '');
  return isReportOfRun(text, run);
}
