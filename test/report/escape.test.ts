/**
 * Web-sourced values (titles, reasons, queries, model text quoted in the appendix) written into the report:
 * whatever a page puts in them shows as typed, where the report writes them. And a URL becomes a link only
 * when it is an http(s) URL, which can then not end its link early. Checked by parsing the result with a
 * CommonMark + GFM parser. Without a server.
 */
import { parse } from '@textlint/markdown-to-ast';
import fc from 'fast-check';
import { escapeMarkdownText, markdownUrl } from '../../src/report/escape';

interface MdNode {
  type: string;
  value?: string;
  url?: string;
  children?: MdNode[];
}

/** The text a reader sees of `markdown`, when it holds only `containers` and plain text; any other node fails. */
function shownText(markdown: string, containers: readonly string[]): string {
  const visit = (node: MdNode): string => {
    if (node.type === 'Str') return node.value ?? '';
    if (!containers.includes(node.type)) throw new Error(`${JSON.stringify(markdown)} renders a ${node.type}`);
    return (node.children ?? []).map(visit).join('');
  };
  return visit(parse(markdown) as unknown as MdNode);
}

const asShown = (typed: string) => typed.replace(/\s+/g, ' ').trim();

/** Text weighted towards what Markdown and HTML treat specially. */
const hostileText = fc.string({
  unit: fc.constantFrom(
    ...'\\`*_{}[]()#+-.!|<>&~=:;"\'/$%^?,'.split(''),
    ...'0123456789',
    ...'abxyAB',
    ' ',
    '\t',
    '\n',
    '\n\n',
    'é',
    '🙂',
    '&amp;',
    '&#60;',
    '<b>',
    '</div>',
    '<!--',
    '](',
    '```',
    '~~',
    '1.',
    '2)',
    '- ',
    '> ',
    '# ',
    '|---|',
  ),
  maxLength: 24,
});
/** GitHub Markdown links bare URLs (www.x, https://x, a@b.c) in any text: values never carry them here. */
const noBareUrl = (text: string) => !/www\.|:\/\/|@/i.test(text);

describe('escapeMarkdownText: a web-sourced value shows as typed in the report', () => {
  it('as a line of its own', () => {
    fc.assert(
      fc.property(hostileText.filter(noBareUrl), (typed) => {
        expect(shownText(escapeMarkdownText(typed), ['Document', 'Paragraph'])).toBe(asShown(typed));
      }),
      { numRuns: 400 },
    );
  });

  it('as a list item, as the appendix writes titles and reasons', () => {
    fc.assert(
      fc.property(hostileText.filter((t) => noBareUrl(t) && asShown(t) !== ''), (typed) => {
        expect(shownText(`- ${escapeMarkdownText(typed)}`, ['Document', 'List', 'ListItem', 'Paragraph'])).toBe(asShown(typed));
      }),
      { numRuns: 300 },
    );
  });

  it('in quotes after a list marker, as the grounding appendix quotes a sentence', () => {
    fc.assert(
      fc.property(hostileText.filter(noBareUrl), (typed) => {
        const line = `- “${escapeMarkdownText(typed)}” — no cited source gives 42`;
        expect(shownText(line, ['Document', 'List', 'ListItem', 'Paragraph'])).toBe(`“${asShown(typed)}” — no cited source gives 42`);
      }),
      { numRuns: 200 },
    );
  });

  it.each([
    ['<script>alert(1)</script>', 'HTML'],
    ['<!-- hidden --> text', 'an HTML comment'],
    ['a &amp; b &lt;c&gt; &#x41;', 'entities, shown as written'],
    ['**bold** _it_ `code` ~~gone~~', 'emphasis, code, strikethrough'],
    ['[click](javascript:alert(1))', 'a link'],
    ['![pixel](/track.png)', 'an image'],
    ['<javascript:alert(1)>', 'an autolink'],
    ['[1]: /hijack', 'a definition that would turn citations into links'],
    ['# Fake heading', 'a heading'],
    ['+ item', 'a plus bullet'],
    ['- item', 'a bullet'],
    ['= rule', 'an equals sign at the start'],
    ['12. twelfth', 'an ordered list'],
    ['7) seventh', 'an ordered list with a parenthesis'],
    ['a | b | c', 'a table cell border'],
    ['back\\slash\\', 'backslashes'],
    ['  line one\n\n  line two  ', 'lines and indentation'],
  ])('%j shows as typed (%s)', (typed) => {
    expect(shownText(escapeMarkdownText(typed), ['Document', 'Paragraph'])).toBe(asShown(typed));
    expect(shownText(`- ${escapeMarkdownText(typed)}`, ['Document', 'List', 'ListItem', 'Paragraph'])).toBe(asShown(typed));
  });

  it('leaves ordinary text as it is', () => {
    for (const text of ['TensorFlow vs. PyTorch (2024): a comparison!', 'C# 12 and .NET 8', 'state-of-the-art, 3.5% faster']) {
      expect(escapeMarkdownText(text)).toBe(text);
    }
  });
});

describe('markdownUrl: only an http(s) URL becomes a link, and it cannot end early', () => {
  it.each([
    ['https://example.com/a', '<https://example.com/a>'],
    ['http://example.com/', '<http://example.com/>'],
    ['  https://example.com/a  ', '<https://example.com/a>'],
    ['HTTPS://EXAMPLE.COM/Path', '<https://example.com/Path>'],
    ['https://example.com/a b"c\'d<e>f', "<https://example.com/a%20b%22c'd%3Ce%3Ef>"],
    ['https://example.com/?q=<script>', '<https://example.com/?q=%3Cscript%3E>'],
  ])('%j is the link %s', (url, link) => {
    expect(markdownUrl(url)).toBe(link);
    const node = (parse(link) as unknown as MdNode).children![0]!.children![0]!;
    expect(node.type).toBe('Link');
  });

  it.each(['javascript:alert(1)', 'ftp://files.example/x', 'data:text/html,<b>x</b>', 'not a url [x](y)', 'mailto:a@b.example', ' file:///etc/passwd'])(
    '%j is plain text, never a link',
    (url) => {
      expect(markdownUrl(url)).toBe(escapeMarkdownText(url));
      expect(markdownUrl(url)).not.toMatch(/^</);
    },
  );
});
