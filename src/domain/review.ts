/**
 * Review mid-run: after ranking, the user sees the shortlist and answers (approve, drop pages, add URLs,
 * add or drop queries). Pure: the workflow's update validator and the client both use it.
 */
import { hostOf } from './politeness';

export interface ShortlistPage {
  /** The number the user refers to (1-based, stable for one shortlist). */
  n: number;
  url: string;
  title: string;
  host: string;
  /** The queries that chose it. */
  queries: string[];
}

export interface Shortlist {
  /** True while the run waits for an answer. */
  waiting: boolean;
  queries: string[];
  pages: ShortlistPage[];
}

export interface ReviewAnswer {
  approve?: boolean;
  /** Shortlist numbers of pages not to read. */
  drop?: number[];
  /** URLs to read too. */
  add?: string[];
  /** Queries to search and rank too, before pages are read. */
  addQueries?: string[];
  /** Queries to drop, with the pages only they chose. */
  dropQueries?: string[];
}

const MAX_ADDED = 20;

/** Why an answer cannot be taken (one line), or undefined when it can. */
export function reviewAnswerProblem(answer: ReviewAnswer, shortlist: Shortlist): string | undefined {
  if (typeof answer !== 'object' || answer === null) return 'the answer must be an object: { approve, drop, add, addQueries, dropQueries }';
  if (!shortlist.waiting) return 'the run is not waiting for a review';
  for (const n of answer.drop ?? []) {
    if (!Number.isInteger(n) || !shortlist.pages.some((p) => p.n === n)) return `there is no page ${String(n)} on the shortlist (numbers 1-${shortlist.pages.length})`;
  }
  if ((answer.add ?? []).length > MAX_ADDED || (answer.addQueries ?? []).length > MAX_ADDED) return `at most ${MAX_ADDED} URLs and ${MAX_ADDED} queries can be added`;
  for (const url of answer.add ?? []) {
    const problem = addedUrlProblem(url);
    if (problem) return problem;
  }
  for (const q of answer.addQueries ?? []) {
    if (typeof q !== 'string' || !q.trim() || q.length > 300) return 'an added query must be text of 1 to 300 characters';
  }
  for (const q of answer.dropQueries ?? []) {
    if (!shortlist.queries.includes(q)) return `there is no query "${q}" to drop (queries: ${shortlist.queries.map((x) => `"${x}"`).join(', ')})`;
  }
  return undefined;
}

/**
 * An added URL must be http(s), well formed, without credentials, and not a literal private address. The
 * fetcher's connect-time checks still apply (a name that resolves to a private address is refused there).
 */
export function addedUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a URL: give it whole, e.g. https://example.com/page`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `"${url}" is not an http(s) URL`;
  if (parsed.username || parsed.password) return `"${url}" carries credentials: give the URL without them`;
  if (isLiteralPrivateHost(parsed.hostname)) return `"${url}" points at a private or local address, which research never reads`;
  return undefined;
}

function isLiteralPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::' || host === '::1') return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
  }
  return /^(fc|fd|fe8|fe9|fea|feb)/.test(host) || host.startsWith('::ffff:');
}

/** The shortlist the user sees: every chosen page, numbered, with its title, host and queries. */
export function buildShortlist(queries: string[], pages: { url: string; title?: string; queries: string[] }[], waiting: boolean): Shortlist {
  return {
    waiting,
    queries,
    pages: pages.map((p, i) => ({ n: i + 1, url: p.url, title: p.title ?? '', host: hostOf(p.url), queries: p.queries })),
  };
}
