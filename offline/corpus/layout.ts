/**
 * Wraps an article in a full, realistic HTML document: cookie banner, header with menus, breadcrumbs, share
 * buttons, newsletter box, sidebar and footer. Only the <article> element holds main text.
 */
import type { ArticleSpec, SiteChrome } from './types';
import { blocksToHtml, escapeHtml, parseMarkup, blocksToText } from './markup';

export function slugOf(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** The strings of a site's chrome that tests can look for; all are outside <article>. */
export function boilerplateOf(site: SiteChrome): string[] {
  return [
    site.tagline,
    site.cookieBanner,
    site.newsletter.heading,
    site.newsletter.text,
    ...site.share,
    site.sidebar.heading,
    ...site.sidebar.items,
    ...site.footer,
  ];
}

/** The article's text as a careful extractor would see it: headline, byline, then the body. */
export function articleText(spec: ArticleSpec): string {
  return `${headline(spec)}\n\nBy ${spec.author} · ${spec.published}\n\n${blocksToText(parseMarkup(spec.body))}`;
}

/** The headline is the search title without its " | Site" suffix. */
export function headline(spec: ArticleSpec): string {
  return spec.title.replace(/\s+[|–—-]\s+[^|–—-]+$/, '');
}

function list(items: readonly string[], indent: string, link = true): string {
  return items
    .map((item) => `${indent}<li>${link ? `<a href="#${slugOf(item)}">${escapeHtml(item)}</a>` : escapeHtml(item)}</li>`)
    .join('\n');
}

function cookieBanner(site: SiteChrome): string {
  return `  <div id="cookie-consent" class="cookie-banner" role="dialog" aria-live="polite" aria-label="Cookie consent">
    <p>${escapeHtml(site.cookieBanner)}</p>
    <button type="button" class="cookie-accept">Accept all</button>
    <button type="button" class="cookie-reject">Reject non-essential</button>
    <a href="#cookie-settings">Cookie settings</a>
  </div>`;
}

function siteHeader(site: SiteChrome): string {
  return `  <header class="site-header">
    <a class="logo" href="#home">${escapeHtml(site.name)}</a>
    <p class="tagline">${escapeHtml(site.tagline)}</p>
    <nav class="main-menu" aria-label="Main menu">
      <ul>
${list(site.nav, '        ')}
      </ul>
    </nav>
    <form class="site-search" role="search"><input type="search" name="q" placeholder="Search ${escapeHtml(site.name)}"><button type="submit">Search</button></form>
    <a class="account" href="#sign-in">Sign in</a>
  </header>`;
}

function shareBar(site: SiteChrome): string {
  const buttons = site.share
    .map((label) => `<button type="button" class="share-button" data-network="${slugOf(label)}">${escapeHtml(label)}</button>`)
    .join('\n        ');
  return `      <div class="share-bar" aria-label="Share this page">
        ${buttons}
      </div>`;
}

function newsletterBox(site: SiteChrome): string {
  return `      <section class="newsletter-signup">
        <h2>${escapeHtml(site.newsletter.heading)}</h2>
        <p>${escapeHtml(site.newsletter.text)}</p>
        <form><input type="email" name="email" placeholder="you@example.com"><button type="submit">${escapeHtml(site.newsletter.button)}</button></form>
      </section>`;
}

function sidebar(site: SiteChrome): string {
  return `    <aside class="sidebar" aria-label="Sidebar">
${newsletterBox(site)}
      <section class="related">
        <h2>${escapeHtml(site.sidebar.heading)}</h2>
        <ul>
${list(site.sidebar.items, '          ')}
        </ul>
      </section>
      <div class="ad-slot" data-slot="sidebar-300x250">Advertisement</div>
    </aside>`;
}

function siteFooter(site: SiteChrome): string {
  return `  <footer class="site-footer">
${site.footer.map((line) => `    <p>${escapeHtml(line)}</p>`).join('\n')}
    <nav aria-label="Legal"><a href="#privacy">Privacy</a> · <a href="#terms">Terms</a> · <a href="#accessibility">Accessibility</a> · <a href="#contact">Contact</a></nav>
  </footer>`;
}

/** Bits of chrome that only some kinds of site have; they sit inside <main> but outside <article>. */
function afterArticle(site: SiteChrome): string {
  switch (site.kind) {
    case 'docs':
      return `      <div class="page-feedback">Was this page helpful? <button type="button">Yes</button> <button type="button">No</button></div>
      <p class="edit-link"><a href="#edit">Edit this page</a> · <a href="#history">Page history</a></p>`;
    case 'forum':
      return `      <div class="thread-actions"><a href="#login">Log in to reply</a> · <a href="#watch">Watch thread</a> · <a href="#report">Report</a></div>`;
    case 'blog':
      return `      <div class="comments-closed">Comments are closed for this post.</div>`;
    case 'news':
      return `      <div class="corrections-note"><a href="#corrections">Corrections policy</a> · <a href="#tips">Send us a tip</a></div>`;
    case 'vendor':
      return `      <div class="cta-box"><a class="button" href="#demo">Book a demo</a> <a class="button" href="#pricing">See pricing</a></div>`;
    case 'university':
      return `      <div class="media-contact"><a href="#press">Press office</a> · <a href="#apply">Apply now</a></div>`;
  }
}

export function renderArticlePage(spec: ArticleSpec, extraAfterMain = ''): string {
  const site = spec.site;
  const charset = spec.charset ?? 'utf-8';
  const body = blocksToHtml(parseMarkup(spec.body), '        ');
  const docsNav =
    site.kind === 'docs'
      ? `    <nav class="docs-nav" aria-label="Documentation">
      <ul>
${list(site.nav, '        ')}
      </ul>
    </nav>\n`
      : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="${charset}">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(spec.title)}</title>
  <meta name="description" content="${escapeHtml(spec.snippet)}">
  <meta property="og:title" content="${escapeHtml(headline(spec))}">
  <meta property="og:site_name" content="${escapeHtml(site.name)}">
  <link rel="stylesheet" href="/assets/${slugOf(site.name)}.css">
  <script>window.dataLayer = window.dataLayer || []; window.dataLayer.push({ event: 'pageview' });</script>
</head>
<body class="site-${site.kind}">
  <a class="skip-link" href="#main">Skip to content</a>
${cookieBanner(site)}
${siteHeader(site)}
  <div class="page">
${docsNav}    <main id="main">
      <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="#home">Home</a> › <a href="#section">${escapeHtml(site.nav[0])}</a></nav>
      <article>
        <header class="article-header">
          <h1>${escapeHtml(headline(spec))}</h1>
          <p class="byline">By ${escapeHtml(spec.author)} · <time datetime="${spec.published}">${spec.published}</time></p>
        </header>
${body}
      </article>
${shareBar(site)}
${afterArticle(site)}
    </main>
${sidebar(site)}
  </div>
${extraAfterMain}${siteFooter(site)}
</body>
</html>
`;
}
