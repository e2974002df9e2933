/** The offline corpus: what each page is (metadata for tests and the search index) and what each page says. */

export const CORPUS_TOPICS = ['tensorflow vs pytorch', 'solid-state batteries', 'remote work productivity'] as const;
export type CorpusTopic = (typeof CORPUS_TOPICS)[number];
/** Subjects of pages outside the topics above (pages/rendered.ts), read only by their own tests. */
export type SideTopic = 'tidal lagoon power' | 'salt marsh restoration';

export type PageKind = 'article' | 'pdf' | 'bot-block' | 'not-found' | 'redirect' | 'large' | 'slow' | 'binary' | 'client-rendered' | 'asset';

/** Machine-readable description of one corpus URL. Plain data: JSON-serialisable. */
export interface CorpusPage {
  /** Path on the web server, starting with "/". */
  path: string;
  topic: CorpusTopic | SideTopic;
  /** Title shown in search results (and the document title where there is one). */
  title: string;
  /** Search-result snippet. Never holds a fact verbatim. */
  snippet: string;
  kind: PageKind;
  /** Exact substrings of the page's main text, found nowhere else in the corpus. */
  facts: string[];
  /** Exact substrings of the page's menus, banners, sidebars and footer; never in any main text. */
  boilerplate: string[];
  /** HTTP status the web server answers with. */
  status: number;
  /** Content-Type the web server answers with. */
  contentType: string;
  /** For kind 'redirect': the path the 301 points to. */
  redirectTo?: string;
  /** Whether the search server can return this page. Redirect targets are reached only through the redirect. */
  indexed: boolean;
  /** Search-engine prior, like a well-linked site's: multiplies the page's relevance score. Default 1. */
  popularity?: number;
  /** False for a page that mentions the topic's words but is about something else. */
  onTopic: boolean;
  /** The fictional site the page belongs to. */
  site: string;
  published?: string;
  /**
   * A page only a follow-up finds: the search engine returns it only for a query naming this thing (a study, a
   * benchmark, a standard another page names without its figures), never for the topic's own words.
   */
  followUpOf?: string;
}

export type SiteKind = 'blog' | 'news' | 'docs' | 'vendor' | 'university' | 'forum';

/** Everything around the main text. Every string here is boilerplate. */
export interface SiteChrome {
  kind: SiteKind;
  name: string;
  tagline: string;
  nav: string[];
  cookieBanner: string;
  newsletter: { heading: string; text: string; button: string };
  share: string[];
  sidebar: { heading: string; items: string[] };
  footer: string[];
}

/** A content page as authored: site chrome plus the article in a small Markdown-like markup. */
export interface ArticleSpec {
  path: string;
  topic: CorpusTopic | SideTopic;
  title: string;
  snippet: string;
  site: SiteChrome;
  author: string;
  published: string;
  /** Markup: "## " and "### " headings, "- " and "1. " lists, "| a | b |" tables, "> " quotes, else paragraphs. */
  body: string;
  facts: string[];
  onTopic?: boolean;
  /** Served with this charset instead of UTF-8. */
  charset?: 'windows-1252';
  /** See CorpusPage.followUpOf. */
  followUpOf?: string;
}
