/**
 * The bundled corpus keeps its promises: realistic full pages, facts only in main text and unique to one page,
 * boilerplate only around it, every awkward case present, and valid PDF and PNG files.
 */
import { CORPUS, CORPUS_TOPICS, type CorpusPage, buildPdf, corpusBody, corpusMainText, corpusPage } from '../corpus';
import { PDF_DOCUMENT } from '../corpus/pages/awkward';
import { pageSummaryAnswer } from '../llm/answers';
import { articleTextOf, decodeBody, normalize, pageTextOf, pdfText } from './helpers';

const HTML_KINDS = ['article', 'large', 'slow'];
const FACT_KINDS = ['article', 'large', 'slow', 'pdf'];
const htmlPages = CORPUS.filter((p) => HTML_KINDS.includes(p.kind));
const factPages = CORPUS.filter((p) => FACT_KINDS.includes(p.kind));

function html(page: CorpusPage): string {
  return decodeBody(page, corpusBody(page.path)!);
}

const mainTexts = new Map<string, string>();
beforeAll(async () => {
  for (const page of factPages) {
    mainTexts.set(page.path, page.kind === 'pdf' ? await pdfText(corpusBody(page.path)!) : articleTextOf(html(page)));
  }
});

describe('corpus metadata', () => {
  test('paths are unique and every page has a title and snippet', () => {
    expect(new Set(CORPUS.map((p) => p.path)).size).toBe(CORPUS.length);
    for (const page of CORPUS) {
      expect(page.path).toMatch(/^\/[a-z0-9-]+\//);
      expect(page.title.length).toBeGreaterThan(10);
      expect(page.snippet.length).toBeGreaterThan(40);
    }
  });

  test.each(CORPUS_TOPICS)('topic "%s" has 5 to 7 on-topic article pages from distinct sites', (topic) => {
    const articles = CORPUS.filter((p) => p.topic === topic && p.kind === 'article' && p.onTopic);
    expect(articles.length).toBeGreaterThanOrEqual(5);
    expect(articles.length).toBeLessThanOrEqual(7);
    expect(new Set(articles.map((p) => p.site)).size).toBe(articles.length);
  });

  test('every awkward case is among the tensorflow-vs-pytorch pages, with a search title and snippet', () => {
    const kinds = new Set(CORPUS.filter((p) => p.topic === 'tensorflow vs pytorch' && p.indexed).map((p) => p.kind));
    for (const kind of ['bot-block', 'not-found', 'redirect', 'large', 'slow', 'binary', 'pdf']) expect(kinds).toContain(kind);
  });

  test('statuses and content types match the kinds', () => {
    for (const page of CORPUS) {
      const expected: Record<string, [number, RegExp]> = {
        article: [200, /^text\/html; charset=/],
        large: [200, /^text\/html; charset=utf-8$/],
        slow: [200, /^text\/html; charset=utf-8$/],
        pdf: [200, /^application\/pdf$/],
        binary: [200, /^image\/png$/],
        'bot-block': [403, /^text\/html/],
        'not-found': [404, /^text\/html/],
        redirect: [301, /^text\/html/],
        'client-rendered': [200, /^text\/html; charset=utf-8$/],
        asset: [200, /^(text\/javascript|application\/json); charset=utf-8$/],
      };
      const [status, type] = expected[page.kind];
      expect(page.status).toBe(status);
      expect(page.contentType).toMatch(type);
    }
  });

  test('the redirect points at an article that only the redirect leads to', () => {
    const redirect = CORPUS.find((p) => p.kind === 'redirect')!;
    const target = corpusPage(redirect.redirectTo!)!;
    expect(target.kind).toBe('article');
    expect(target.indexed).toBe(false);
    expect(target.facts.length).toBeGreaterThanOrEqual(2);
  });

  test('one page mentions the topic words but is about something else', () => {
    const offTopic = CORPUS.filter((p) => !p.onTopic);
    expect(offTopic.length).toBeGreaterThanOrEqual(1);
    expect(offTopic[0].title).toMatch(/TensorFlow.*PyTorch/);
  });
});

describe('content pages', () => {
  test.each(htmlPages.map((p) => [p.path, p] as const))('%s is a full page with chrome around the article', (_path, page) => {
    const doc = html(page);
    expect(doc).toMatch(/^<!DOCTYPE html>/);
    for (const marker of ['<header class="site-header">', '<nav', 'id="cookie-consent"', 'class="share-bar"', 'class="newsletter-signup"', '<aside', '<footer', '<main', '<article>', '<h2>', '<p>']) {
      expect(doc).toContain(marker);
    }
    expect(doc).toMatch(/<(ul|ol)>/);
  });

  test('each topic has pages with tables', () => {
    for (const topic of CORPUS_TOPICS) {
      expect(htmlPages.filter((p) => p.topic === topic && html(p).includes('<table>')).length).toBeGreaterThanOrEqual(2);
    }
  });

  test('each content page states 2 to 4 facts, all in its main text', () => {
    for (const page of factPages) {
      if (page.onTopic) {
        expect(page.facts.length).toBeGreaterThanOrEqual(2);
        expect(page.facts.length).toBeLessThanOrEqual(4);
      }
      const text = mainTexts.get(page.path)!;
      for (const fact of page.facts) {
        expect(text).toContain(fact);
        expect(normalize(corpusMainText(page.path))).toContain(fact);
      }
    }
  });

  test('no fact appears anywhere else in the corpus: other pages, titles or snippets', () => {
    const everywhere = CORPUS.map((page) => ({
      page,
      text: normalize(`${page.title} ${page.snippet} ${page.kind === 'pdf' || page.kind === 'binary' ? '' : decodeBody(page, corpusBody(page.path)!)} ${mainTexts.get(page.path) ?? ''}`),
    }));
    for (const page of factPages) {
      for (const fact of page.facts) {
        const holders = everywhere.filter((e) => e.text.includes(fact)).map((e) => e.page.path);
        expect(holders).toEqual([page.path]);
        expect(normalize(`${page.title} ${page.snippet}`)).not.toContain(fact);
      }
    }
  });

  test('boilerplate is on the page but never in any main text', () => {
    const allMain = [...mainTexts.values()].join('\n');
    for (const page of CORPUS.filter((p) => p.boilerplate.length > 0)) {
      const doc = pageTextOf(decodeBody(page, corpusBody(page.path)!));
      for (const text of page.boilerplate) {
        expect(doc).toContain(text);
        expect(allMain).not.toContain(text);
      }
    }
  });

  test('the charset page is windows-1252 and decodes to euro amounts', () => {
    const page = CORPUS.find((p) => p.contentType.includes('windows-1252'))!;
    const body = corpusBody(page.path)!;
    expect(body.includes(Buffer.from('€1,200', 'utf8'))).toBe(false);
    expect(body.includes(Buffer.from([0x80, 0x31, 0x2c, 0x32, 0x30, 0x30]))).toBe(true);
    expect(articleTextOf(decodeBody(page, body))).toContain('€1,200');
  });
});

describe('awkward pages', () => {
  test('the bot-block page reads like a block page and has no facts', () => {
    const page = CORPUS.find((p) => p.kind === 'bot-block')!;
    const doc = html(page);
    expect(doc).toContain('Your request has been blocked due to a network policy');
    expect(doc).toMatch(/Verify you are human/);
    expect(page.facts).toEqual([]);
  });

  test('the large page is about 3 MB with its facts near the top', () => {
    const page = CORPUS.find((p) => p.kind === 'large')!;
    const body = corpusBody(page.path)!;
    expect(body.length).toBeGreaterThan(2_500_000);
    expect(body.length).toBeLessThan(3_500_000);
    const head = body.subarray(0, 64 * 1024).toString('utf8');
    for (const fact of page.facts) expect(normalize(head)).toContain(fact);
    expect(html(page)).toMatch(/<\/html>\s*$/);
  });

  test('the PDF is well formed: header, exact xref offsets, trailer', () => {
    const page = CORPUS.find((p) => p.kind === 'pdf')!;
    const body = corpusBody(page.path)!;
    const text = body.toString('latin1');
    expect(text.startsWith('%PDF-1.4\n')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    const startxref = Number(/startxref\n(\d+)\n%%EOF/.exec(text)![1]);
    expect(text.slice(startxref, startxref + 4)).toBe('xref');
    const entries = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(entries.length).toBeGreaterThan(5);
    entries.forEach((offset, i) => expect(text.slice(offset, offset + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`));
    expect(buildPdf(PDF_DOCUMENT).equals(body)).toBe(true);
  });

  test('the binary file is a real PNG', () => {
    const page = CORPUS.find((p) => p.kind === 'binary')!;
    const body = corpusBody(page.path)!;
    expect([...body.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(body.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect(body.subarray(body.length - 8, body.length - 4).toString('ascii')).toBe('IEND');
  });
});

describe('corpus and stand-in model agree', () => {
  test('summarising a page for its own topic keeps every fact', () => {
    for (const page of factPages.filter((p) => p.onTopic)) {
      const answer = pageSummaryAnswer(page.topic, [page.topic], mainTexts.get(page.path)!);
      expect(answer.relevant).toBe(true);
      for (const fact of page.facts) expect(answer.summary).toContain(fact);
    }
  });

  test('pages are irrelevant to the other topics, and the off-topic page to its own', () => {
    for (const page of factPages) {
      for (const topic of CORPUS_TOPICS.filter((t) => t !== page.topic || !page.onTopic)) {
        expect(pageSummaryAnswer(topic, [topic], mainTexts.get(page.path)!)).toEqual({ relevant: false, summary: '' });
      }
    }
  });
});
