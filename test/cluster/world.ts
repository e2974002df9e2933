/** The offline world as its own process (`npm run offline-world`), as the stack runs it beside the workers. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { type Proc, start, until } from './processes';
import { ROOT } from './stack';

export async function startWorldProcess(tmp: string): Promise<{ proc: Proc; env: Record<string, string> }> {
  const logFile = path.join(tmp, 'offline-world.log');
  // Its own process group: npm, tsx and node all stop together.
  const proc = start('offline-world', 'npm', ['run', '--silent', 'offline-world'], { cwd: ROOT, logFile, group: true });
  await until('offline world ready', async () => (await fs.readFile(logFile, 'utf8')).includes('Press Ctrl+C'), 60_000);
  const env: Record<string, string> = {};
  for (const match of (await fs.readFile(logFile, 'utf8')).matchAll(/^\s*export (\w+)=(\S+)$/gm)) env[match[1]] = match[2];
  if (!env.OPENAI_BASE_URL || !env.SEARXNG_URL) throw new Error(`the offline world printed no settings; see ${logFile}`);
  return { proc, env };
}
