/** Title and language of a page, from one pass over its head and first heading. */
import { type FlatTree, collapse, subtreeText } from './tree';

export interface PageMetadata {
  title: string;
  language?: string;
  /** Where the page says it lives (<link rel="canonical">, og:url), besides the URL it was read from. */
  ownUrls: string[];
  /** The page's own names for itself (<title>, og:title), as written: where its headline is found. */
  titles: string[];
}

export function titleFromUrl(pageUrl: string): string {
  try {
    const url = new URL(pageUrl);
    const lastSegment = url.pathname.split('/').filter(Boolean).pop();
    return lastSegment ? decodeURIComponent(lastSegment).replace(/[-_]+/g, ' ').replace(/\.\w+$/, '') : url.hostname;
  } catch {
    return pageUrl;
  }
}

export function pageMetadata(tree: FlatTree, pageUrl: string): PageMetadata {
  let ogTitle = '';
  let siteName = '';
  let titleText = '';
  let h1Text = '';
  let htmlLang = '';
  let metaLang = '';
  const ownUrls: string[] = [];
  const titles: string[] = [];
  for (let i = 0; i < tree.size; i++) {
    const attribs = tree.attribs[i];
    if (!attribs) continue;
    switch (tree.tags[i]) {
      case 'html':
        if (!htmlLang && attribs.lang) htmlLang = collapse(attribs.lang);
        break;
      case 'meta':
        if (!ogTitle && attribs.property === 'og:title') ogTitle = collapse(attribs.content ?? '');
        if (!siteName && attribs.property === 'og:site_name') siteName = collapse(attribs.content ?? '');
        if (!metaLang && attribs['http-equiv']?.toLowerCase() === 'content-language') metaLang = collapse(attribs.content ?? '');
        if (attribs.property === 'og:url' && attribs.content) ownUrls.push(attribs.content.trim());
        break;
      case 'link':
        if (attribs.rel?.toLowerCase() === 'canonical' && attribs.href) ownUrls.push(attribs.href.trim());
        break;
      case 'title':
        if (titles.length < 4) titles.push(collapse(subtreeText(tree, i).slice(0, 2_000)));
        if (!titleText) titleText = titles[0]!;
        break;
      case 'h1':
        if (!h1Text) h1Text = collapse(subtreeText(tree, i).slice(0, 2_000));
        break;
    }
  }
  const language = htmlLang || metaLang || undefined;
  let title = ogTitle || titleText || h1Text;
  if (!title) title = titleFromUrl(pageUrl);
  else if (siteName) {
    const suffix = new RegExp(`\\s+[|\\-–—:·]\\s+${siteName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'i');
    title = title.replace(suffix, '') || title;
  }
  return { title, ...(language ? { language } : {}), ownUrls: ownUrls.slice(0, 4), titles: [...titles, ogTitle].filter(Boolean) };
}
