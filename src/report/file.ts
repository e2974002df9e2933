/**
 * Writes a report under the output folder with a safe, bounded name derived from the topic.
 * An existing report is never overwritten: a new name gets a numeric suffix. Writing is atomic
 * (temp file, then a hard link that fails if the name exists), so no half-written report is ever
 * left behind, and a retried activity of the same run finds its own file instead of writing a twin.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

const MAX_NAME_CHARS = 80;

/** "TensorFlow vs. PyTorch: 2026?" → "tensorflow-vs-pytorch-2026" */
export function reportBaseName(topic: string): string {
  const slug = topic
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  const bounded = slug.slice(0, MAX_NAME_CHARS).replace(/-+$/, '');
  return bounded || 'research-report';
}

export async function writeReportFile(dir: string, topic: string, markdown: string, runMarker: string): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const base = reportBaseName(topic);
  const tmp = path.join(dir, `.${base}.${process.pid}.${Date.now()}.tmp`);
  await fs.writeFile(tmp, markdown, 'utf8');
  try {
    for (let n = 1; n < 10_000; n++) {
      const file = path.join(dir, n === 1 ? `${base}.md` : `${base}-${n}.md`);
      try {
        await fs.link(tmp, file);
        return path.resolve(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        if (await isFromRun(file, runMarker)) {
          await fs.rename(tmp, file);
          return path.resolve(file);
        }
      }
    }
    throw new Error(`could not find a free file name for ${base}.md in ${dir}`);
  } finally {
    await fs.rm(tmp, { force: true });
  }
}

async function isFromRun(file: string, runMarker: string): Promise<boolean> {
  const text = await fs.readFile(file, 'utf8').catch(() => '');
  return text.includes(runMarker);
}
