/**
 * `npm run extract -- [--json] <file-or-url>...`: prints what the model would read from each page,
 * through the same reader a run uses (safe fetch for http(s) URLs, with the run's limits and address
 * rules; the same sniffing, decoding and extraction for files, named by path or by file: URL). With
 * --json, one object keyed by argument. The text printed is cleaned for the terminal like everything
 * from the web (src/text/hygiene.ts).
 */
import { access, open } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Config } from '../config';
import { cleanText } from '../text/hygiene';
import { closeSharedExtractionPool } from '../web/extract/pool';
import { type ReadPageOptions, type ReadPageResult, readFetched, readPage } from '../web/readPage';
import { closeSharedBrowserPool, sharedBrowserPool } from '../web/render/pool';
import type { FetchedResponse } from '../web/safeFetch';
import { parseCommandArgs } from './args';
import { loadCliConfig, UserError } from './errors';

const TYPES_BY_EXTENSION: Record<string, string> = {
  '.html': 'text/html',
  '.htm': 'text/html',
  '.xhtml': 'application/xhtml+xml',
  '.txt': 'text/plain',
  '.md': 'text/plain',
  '.pdf': 'application/pdf',
};

/** The options a run's worker reads pages with (src/worker.ts builds the same from the same config). */
export function readOptions(config: Config): ReadPageOptions {
  return {
    timeoutMs: config.fetch.timeoutMs,
    maxBytes: config.fetch.maxBytes,
    maxRedirects: config.fetch.maxRedirects,
    allowPrivateNetwork: config.fetch.allowPrivateNetwork,
    allowedPrivateHosts: config.fetch.allowedHosts,
    userAgent: config.fetch.userAgent,
    render: { mode: config.fetch.render, renderer: sharedBrowserPool() },
  };
}

/** A local file as if fetched: at most maxBytes read, the type from its extension (or its bytes). */
async function fetchedFile(path: string, maxBytes: number): Promise<FetchedResponse> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new UserError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)} (give a readable file or an http(s) URL)`);
  }
  try {
    const size = (await handle.stat()).size;
    const body = Buffer.alloc(Math.min(size, maxBytes));
    await handle.read(body, 0, body.length, 0);
    const url = pathToFileURL(resolve(path)).href;
    return {
      requestedUrl: url,
      finalUrl: url,
      status: 200,
      headers: {},
      contentType: TYPES_BY_EXTENSION[extname(path).toLowerCase()] ?? '',
      body,
      truncated: size > maxBytes,
      redirects: 0,
    };
  } finally {
    await handle.close();
  }
}

export function isUrl(arg: string): boolean {
  return /^https?:\/\//i.test(arg);
}

/** `scheme:` at the start of an argument: a URL, unless a file of that name exists. */
const SCHEME = /^([a-z][a-z0-9+.-]+):/i;

/** The local path a `file:` URL names. */
function filePath(url: string): string {
  try {
    return fileURLToPath(url);
  } catch (error) {
    throw new UserError(`cannot read ${url}: ${(error as Error).message} (give a file: URL of this machine, a file path or an http(s) URL)`);
  }
}

export async function extractOne(arg: string, options: ReadPageOptions): Promise<ReadPageResult> {
  if (isUrl(arg)) return readPage(arg, options);
  const scheme = SCHEME.exec(arg)?.[1]?.toLowerCase();
  let path = arg;
  if (scheme === 'file') path = filePath(arg);
  else if (scheme !== undefined && !(await access(arg).then(() => true, () => false))) {
    throw new UserError(`unsupported scheme ${scheme}: in ${arg}: extract reads http(s) URLs, file: URLs and file paths`);
  }
  const fetched = await fetchedFile(path, options.maxBytes);
  return readFetched(fetched.finalUrl, fetched, options);
}

/** One page as the terminal shows it: cleaned as a whole (the argument too), since a terminal obeys escapes. */
function formatText(arg: string, result: ReadPageResult): string {
  if (!result.ok) return cleanText(`== ${arg}\nskipped (${result.status}): ${result.reason}\n`);
  const note = result.truncated ? ' (truncated)' : '';
  return cleanText(`== ${arg}\ntitle: ${result.title}\ntype: ${result.contentType}${note}\n\n${result.text}\n`);
}

export const EXTRACT_USAGE = `usage: npm run extract -- [--json] [--render] <file-or-url>...
  prints what a research run reads from each page (files by path or file: URL, pages by http(s) URL)
  --json    one JSON object keyed by argument, instead of text
  --render  each page twice: as fetched, and as chromium renders it (RESEARCH_RENDER's browser)
`;

export async function extractCommand(args: string[], write: (text: string) => void = (t) => process.stdout.write(t)): Promise<number> {
  const { values, positionals } = parseCommandArgs('extract', args, {
    json: { type: 'boolean', default: false },
    render: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    write(EXTRACT_USAGE);
    return 0;
  }
  if (positionals.length === 0) throw new UserError('give at least one file or URL: npm run extract -- [--json] [--render] <file-or-url>... (--help says more)');
  const options = readOptions(loadCliConfig());
  const results: Record<string, ReadPageResult> = {};
  try {
    for (const arg of positionals) {
      // --render: the page as fetched, then as chromium renders it.
      const views: Array<[string, ReadPageOptions]> = values.render
        ? [[`${arg} (as fetched)`, { ...options, render: undefined }], [`${arg} (rendered in chromium)`, { ...options, render: { ...options.render!, mode: 'always' } }]]
        : [[arg, options]];
      for (const [key, view] of views) {
        results[key] = await extractOne(arg, view);
        if (!values.json) write(formatText(key, results[key]!) + '\n');
      }
    }
  } finally {
    await closeSharedExtractionPool();
    await closeSharedBrowserPool();
  }
  if (values.json) write(JSON.stringify(results, null, 2) + '\n');
  return Object.values(results).every((r) => r.ok) ? 0 : 2;
}

if (require.main === module) {
  extractCommand(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      // One line for what the user can act on; a stack only for a bug.
      console.error(cleanText(err instanceof UserError ? `error: ${err.message}` : `error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));
      process.exit(1);
    },
  );
}
