/**
 * Packages loaded on first use rather than when a module importing them loads. The `research` command loads
 * the whole worker (activities, search providers) before it starts a run, but parses HTML and Markdown only
 * once search results come back and the report is written (and pages in the extraction threads): cheerio
 * (with undici and parse5), the Markdown parser (micromark) and htmlparser2 cost ~0.1 s of every command's
 * start-up otherwise. A second call costs a cache lookup.
 */
import type * as Cheerio from 'cheerio';
import type * as MarkdownToAst from '@textlint/markdown-to-ast';
import type * as HtmlParser2 from 'htmlparser2';

export function cheerio(): typeof Cheerio {
  return require('cheerio') as typeof Cheerio;
}

export function markdownToAst(): typeof MarkdownToAst {
  return require('@textlint/markdown-to-ast') as typeof MarkdownToAst;
}

export function htmlparser2(): typeof HtmlParser2 {
  return require('htmlparser2') as typeof HtmlParser2;
}
