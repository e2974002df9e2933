/**
 * Writes a subtree as plain text that keeps its structure: Markdown-style headings, lists, pipe
 * tables, fenced <pre>, quoted blockquotes. The walk uses an explicit stack of tasks, so a page
 * nested thousands of levels deep costs no call stack; past a few levels of nested formatting
 * (lists in lists, quotes in quotes) inner ones are written as plain blocks, which keeps the work linear.
 */
import type { Element } from 'domhandler';
import { type FlatTree, childIndexes, collapse, isElement, subtreeText } from './tree';

const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'center', 'dd', 'details', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'header', 'hgroup', 'hr', 'legend', 'li', 'main', 'nav', 'ol', 'p',
  'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'caption', 'h1', 'h2',
  'h3', 'h4', 'h5', 'h6',
]);

/** Nested headings, lists, quotes and table cells deeper than this are written as plain blocks. */
const MAX_FORMAT_DEPTH = 8;
/** Cells longer than this make a table a layout table. */
const MAX_DATA_CELL_CHARS = 500;
/** Marks a <br> inside inline text until whitespace has been collapsed (a private-use character). */
const LINE_BREAK = '\uE000';

/** Collects paragraphs and other blocks; inline text accumulates until a block boundary. */
class BlockWriter {
  readonly blocks: string[] = [];
  private inline: string[] = [];

  text(text: string): void {
    this.inline.push(text);
  }

  lineBreak(): void {
    this.inline.push(LINE_BREAK);
  }

  flush(): void {
    if (this.inline.length === 0) return;
    const paragraph = this.inline
      .join('')
      .split(LINE_BREAK)
      .map(collapse)
      .filter(Boolean)
      .join('\n');
    this.inline = [];
    if (paragraph) this.blocks.push(paragraph);
  }

  block(text: string | undefined): void {
    this.flush();
    if (text && text.trim()) this.blocks.push(text);
  }

  finish(): string[] {
    this.flush();
    return this.blocks;
  }
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => (line ? prefix + line : line))
    .join('\n');
}

const SECTION_TAGS = new Set(['thead', 'tbody', 'tfoot']);

function tableRows(tree: FlatTree, table: number, live: (i: number) => boolean): number[][] {
  const rows: number[][] = [];
  // Rows and sections in document order: children pushed reversed.
  const stack = childIndexes(tree, table).reverse();
  while (stack.length > 0) {
    const i = stack.pop()!;
    const node = tree.nodes[i]!;
    if (!isElement(node) || !live(i)) continue;
    if (node.name === 'tr') {
      rows.push(childIndexes(tree, i).filter((c) => live(c) && (tagName(tree, c) === 'td' || tagName(tree, c) === 'th')));
    } else if (SECTION_TAGS.has(node.name)) {
      const children = childIndexes(tree, i);
      for (let c = children.length - 1; c >= 0; c--) stack.push(children[c]!);
    }
  }
  return rows;
}

function tagName(tree: FlatTree, i: number): string {
  const node = tree.nodes[i]!;
  return isElement(node) ? node.name : '';
}

type Task = number | (() => void);

/**
 * The blocks of text under node `root` (its children, not the node's own tag), leaving out removed nodes.
 * `lengths` are the subtree text lengths (for telling layout tables from data tables).
 */
export function renderBlocks(tree: FlatTree, root: number, removed: Uint8Array, lengths: Float64Array): string[] {
  const live = (i: number) => !removed[i];
  const rootWriter = new BlockWriter();
  let writer = rootWriter;
  let formatDepth = 0;
  const tasks: Task[] = [];
  const pushChildren = (i: number) => {
    const children = childIndexes(tree, i);
    for (let c = children.length - 1; c >= 0; c--) tasks.push(children[c]!);
  };
  /** Renders the children of `i` into a fresh writer; `done` gets its blocks. Tasks run in push-reverse order. */
  const pushCollected = (i: number, done: (blocks: string[]) => void) => {
    let inner: BlockWriter;
    let outer: BlockWriter;
    tasks.push(() => {
      writer = outer;
      formatDepth--;
      done(inner.finish());
    });
    pushChildren(i);
    tasks.push(() => {
      outer = writer;
      inner = new BlockWriter();
      writer = inner;
      formatDepth++;
    });
  };
  const asBlock = (i: number) => {
    const w = writer;
    w.flush();
    tasks.push(() => w.flush());
    pushChildren(i);
  };

  const visit = (i: number) => {
    const node = tree.nodes[i]!;
    if (node.type === 'text') {
      writer.text(node.data);
      return;
    }
    if (!isElement(node) || removed[i]) return;
    const tag = node.name;
    const deep = formatDepth >= MAX_FORMAT_DEPTH;
    const heading = /^h([1-6])$/.exec(tag);
    if (heading && !deep) {
      const target = writer;
      pushCollected(i, (blocks) => {
        const text = collapse(blocks.join(' '));
        if (text) target.block(`${'#'.repeat(Number(heading[1]))} ${text}`);
      });
      return;
    }
    switch (tag) {
      case 'br':
        writer.lineBreak();
        return;
      case 'img':
        return;
      case 'pre': {
        const code = subtreeText(tree, i, removed).replace(/^\n/, '').trimEnd();
        if (code.trim()) writer.block('```\n' + code + '\n```');
        return;
      }
    }
    if (!deep && (tag === 'ul' || tag === 'ol')) return visitList(i, node);
    if (!deep && tag === 'table') return visitTable(i, node);
    if (!deep && tag === 'blockquote') {
      const target = writer;
      pushCollected(i, (blocks) => target.block(indent(blocks.join('\n\n'), '> ')));
      return;
    }
    if (BLOCK_TAGS.has(tag)) asBlock(i);
    else pushChildren(i);
  };

  const visitList = (i: number, list: Element) => {
    const target = writer;
    const ordered = list.name === 'ol';
    let number = Number(list.attribs.start) || 1;
    const items: string[] = [];
    tasks.push(() => target.block(items.join('\n')));
    const children = childIndexes(tree, i).filter((c) => isElement(tree.nodes[c]!) && live(c));
    for (let c = children.length - 1; c >= 0; c--) {
      pushCollected(children[c]!, (blocks) => {
        if (blocks.length === 0) return;
        const marker = ordered ? `${number++}. ` : '- ';
        items.push(marker + indent(blocks.join('\n'), ' '.repeat(marker.length)).slice(marker.length));
      });
    }
  };

  const visitTable = (i: number, table: Element) => {
    const rows = tableRows(tree, i, live);
    let width = 0;
    for (const row of rows) if (row.length > width) width = row.length;
    const layout =
      /^(presentation|none)$/i.test(table.attribs.role ?? '') ||
      width < 2 ||
      rows.some((row) => row.some((cell) => lengths[cell]! > MAX_DATA_CELL_CHARS || childIndexes(tree, cell).some((c) => tagName(tree, c) === 'table')));
    if (layout) return asBlock(i);

    const target = writer;
    const cells: string[][] = rows.map(() => []);
    let caption = '';
    tasks.push(() => {
      if (caption) target.block(caption);
      const lines: string[] = [];
      for (const row of cells) {
        if (row.every((cell) => cell === '')) continue;
        while (row.length < width) row.push('');
        lines.push(`| ${row.join(' | ')} |`);
        if (lines.length === 1) lines.push(`|${' --- |'.repeat(width)}`);
      }
      target.block(lines.join('\n'));
    });
    for (let r = rows.length - 1; r >= 0; r--) {
      const row = rows[r]!;
      for (let c = row.length - 1; c >= 0; c--) {
        pushCollected(row[c]!, (blocks) => {
          cells[r]![c] = collapse(blocks.join(' ')).replace(/\|/g, '\\|');
        });
      }
    }
    const captionIndex = childIndexes(tree, i).find((c) => tagName(tree, c) === 'caption' && live(c));
    if (captionIndex !== undefined) pushCollected(captionIndex, (blocks) => (caption = collapse(blocks.join(' '))));
  };

  pushChildren(root);
  while (tasks.length > 0) {
    const task = tasks.pop()!;
    if (typeof task === 'number') visit(task);
    else task();
  }
  return rootWriter.finish();
}

/** Blocks with repeats (same text, ignoring case and spacing) left out. */
export function withoutRepeats(blocks: string[]): string[] {
  const seen = new Set<string>();
  return blocks.filter((block) => {
    const key = collapse(block).toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
