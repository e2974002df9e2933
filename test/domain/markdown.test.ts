/**
 * The one escaper for text shown in the Temporal UI's Markdown (a run's summary, its static and current
 * details): whatever a user types as a topic, or a page slips into it, shows as typed. Checked by parsing the
 * escaped text with a CommonMark parser and reading back what a viewer would see. Without a server.
 */
import { parse } from '@textlint/markdown-to-ast';
import fc from 'fast-check';
import { escapeMarkdown } from '../../src/domain/markdown';
import { staticDetails, staticSummary } from '../../src/cli/startOptions';

interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
}

/**
 * The text a viewer sees, when the Markdown renders as plain text inside `containers` (Paragraph, plus Strong
 * for a bold label); any other node (a link, emphasis, code, heading, list, HTML) fails with its type.
 */
function shownText(markdown: string, containers: readonly string[] = ['Document', 'Paragraph']): string {
  const visit = (node: MdNode): string => {
    if (node.type === 'Str') return node.value ?? '';
    if (!containers.includes(node.type)) throw new Error(`${JSON.stringify(markdown)} renders a ${node.type}`);
    return (node.children ?? []).map(visit).join('');
  };
  return visit(parse(markdown) as unknown as MdNode);
}

/** What the UI shows of typed text: Markdown shows runs of spaces and line breaks as one space, none at the ends. */
const asShown = (typed: string) => typed.replace(/[\t\n\v\f\r ]+/g, ' ').trim();

/** Text weighted towards what Markdown, HTML and the UI's templates treat specially. */
const hostileText = fc.string({
  unit: fc.constantFrom(
    ...'\\`*_{}[]()#+-.!|<>&~=:;"\'/$%^?,'.split(''),
    ...'0123456789',
    ...'abxyzABV',
    '\v',
    ' ',
    '  ',
    '\t',
    '\n',
    '\r\n',
    '\u00a0',
    'é',
    '漢',
    '🙂',
    '&amp;',
    '&#x41;',
    '<b>',
    '](',
    '```',
    '{workflowId}',
    '{namespace}',
    '{runId}',
    '1.',
    '2)',
    '- ',
    '> ',
    '# ',
  ),
  maxLength: 24,
});

/**
 * The parser used here also reads GitHub's bare-URL autolinks (www.x, https://x, a@b.c), which the UI's
 * CommonMark has not: generated texts hold none, and the cases below carry links of every other form.
 */
const noBareUrl = (text: string) => !/www\.|:\/\/|@/i.test(text);

describe('escapeMarkdown: text in the Temporal UI shows as typed', () => {
  it('renders any text, at the start of a line, as exactly that text on one line', () => {
    fc.assert(
      fc.property(hostileText.filter(noBareUrl), (typed) => {
        expect(shownText(escapeMarkdown(typed))).toBe(asShown(typed));
      }),
      { numRuns: 400 },
    );
  });

  it('renders any text inside a bold label (the run details) as exactly that text, still bold', () => {
    fc.assert(
      fc.property(
        hostileText.filter((t) => noBareUrl(t) && asShown(t) !== ''),
        (typed) => {
          const bold = `**${escapeMarkdown(typed)}**`;
          expect(shownText(bold, ['Document', 'Paragraph', 'Strong'])).toBe(asShown(typed));
          const paragraph = (parse(bold) as unknown as MdNode).children![0]!;
          expect(paragraph.children!.map((node) => node.type)).toEqual(['Strong']);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never leaves a {namespace}, {workflowId} or {runId} for the UI to fill in', () => {
    fc.assert(
      fc.property(hostileText, (typed) => {
        expect(escapeMarkdown(typed)).not.toMatch(/\{(namespace|workflowId|runId)\}/);
      }),
    );
    expect(shownText(escapeMarkdown('compare {workflowId} with {runId}'))).toBe('compare {workflowId} with {runId}');
  });

  it.each([
    ['<img src=x onerror=alert(1)>', 'raw HTML, which the UI would drop'],
    ['<b>bold</b> &amp; &lt;', 'tags and entities'],
    ['[click](javascript:alert(1))', 'a link'],
    ['![x](pixel.png "t")', 'an image'],
    ['<javascript:alert(1)>', 'an autolink'],
    ['[a][b]\n\n[b]: /x', 'a reference link'],
    ['**bold** _it_ `code` ~~s~~', 'emphasis, code, strikethrough'],
    ['# heading', 'a heading'],
    ['- item', 'a bullet'],
    ['+ item', 'a plus bullet'],
    ['* item', 'a star bullet'],
    ['12. twelfth', 'an ordered list'],
    ['3) third', 'an ordered list with a parenthesis'],
    ['> quoted', 'a quote'],
    ['= underline', 'an equals sign'],
    ['--- ', 'a rule'],
    ['    indented code', 'an indented code block'],
    ['```js', 'a code fence'],
    ['a \\ b \\', 'backslashes'],
    ['| a | b |', 'a table row'],
    ['[^1] and [1]: /x', 'a footnote and a definition'],
    ['first line\n\n# second', 'lines of their own'],
  ])('%j shows as typed (%s)', (typed) => {
    expect(shownText(escapeMarkdown(typed))).toBe(asShown(typed));
  });

  it('leaves ordinary text readable in the raw Markdown: no escape where nothing needs one', () => {
    for (const text of ['PyTorch vs TensorFlow, Version 2', 'solid-state batteries 2.0', 'C# vs F#', 'gpt-4o-mini', 'en-us', 'what is 2+2=4?', "rock 'n' roll (live!)", 'e.g. 3.5% growth']) {
      expect(escapeMarkdown(text)).toBe(text);
    }
    expect(escapeMarkdown('  Rust\n*vs*\t\tGo  ')).toBe('Rust \\*vs\\* Go');
  });
});

describe('the run summary and details in the UI', () => {
  it('show the topic on one line and the model and language as typed, under bold labels', () => {
    const typed = { model: 'my_model*v2', maxBudgetUsd: 2.5, reportWords: 1500, language: 'de-de' };
    expect(shownText(staticSummary('Rust\n<b>vs</b> Go'))).toBe('Rust <b>vs</b> Go');
    const lines = staticDetails(typed).split('  \n');
    expect(lines.map((line) => shownText(line, ['Document', 'Paragraph', 'Strong']))).toEqual([
      'Model: my_model*v2',
      'Budget: $2.5',
      'Words: 1500',
      'Language: de-de',
    ]);
    expect(staticDetails({ ...typed, depth: 2, breadth: 3 }).split('  \n').map((line) => shownText(line, ['Document', 'Paragraph', 'Strong']))).toContain('Rounds: depth 2, breadth 3');
  });
});
