/**
 * Writes a subtree as plain text that keeps its structure: Markdown-style headings, lists, pipe
 * tables, fenced <pre>, quoted blockquotes. The walk uses an explicit stack of tasks, so a page
 * nested thousands of levels deep costs no call stack; past a few levels of nested formatting
 * (lists in lists, quotes in quotes) inner ones are written as plain blocks, which keeps the work linear.
 */
import { type FlatTree, type Removed, childIndexes, collapse, pushChildrenReversed } from './tree';

const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'center', 'dd', 'details', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'header', 'hgroup', 'hr', 'legend', 'li', 'main', 'nav', 'ol', 'p',
  'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'caption', 'h1', 'h2',
  'h3', 'h4', 'h5', 'h6',
]);

/** Lists and quotes nested deeper than this are written as plain blocks (each level re-indents its inner text). */
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
    const tag = tree.tags[i]!;
    if (tag === '' || !live(i)) continue;
    if (tag === 'tr') {
      rows.push(childIndexes(tree, i).filter((c) => live(c) && (tree.tags[c]! === 'td' || tree.tags[c]! === 'th')));
    } else if (SECTION_TAGS.has(tag)) {
      const children = childIndexes(tree, i);
      for (let c = children.length - 1; c >= 0; c--) stack.push(children[c]!);
    }
  }
  return rows;
}


/** A node to visit (index ≥ 0), the end of a block to flush (~index, negative), or a frame to close. */
type Task = number | (() => void);

/** The element's text on one line (headings, table cells, captions): block boundaries and <br> become spaces. */
function inlineText(tree: FlatTree, i: number, removed: Removed): string {
  const parts: string[] = [];
  for (let j = i + 1; j < tree.end[i]!; j++) {
    if (removed[j]) {
      j = tree.end[j]! - 1;
      continue;
    }
    const text = tree.texts[j];
    if (text !== undefined) parts.push(text);
    else if (BLOCK_TAGS.has(tree.tags[j]!) || tree.tags[j] === 'br') parts.push(' ');
  }
  return collapse(parts.join(''));
}

function hasItem(tree: FlatTree, list: number): boolean {
  for (let c = list + 1; c < tree.end[list]!; c = tree.end[c]!) if (tree.tags[c] === 'li') return true;
  return false;
}

/**
 * The text of a <pre> as it shows: highlighters write its lines as <br> or as one block element per
 * line, which a plain concatenation of its text would run together.
 */
function preText(tree: FlatTree, i: number, removed: Removed): string {
  const parts: string[] = [];
  let atLineStart = true;
  for (let j = i + 1; j < tree.end[i]!; j++) {
    if (removed[j]) {
      j = tree.end[j]! - 1;
      continue;
    }
    const text = tree.texts[j];
    if (text !== undefined) {
      parts.push(text);
      if (text) atLineStart = text.endsWith('\n');
    } else if (tree.tags[j] === 'br' || (BLOCK_TAGS.has(tree.tags[j]!) && !atLineStart)) {
      parts.push('\n');
      atLineStart = true;
    }
  }
  return parts.join('');
}

/**
 * The blocks of text under node `root` (its children, not the node's own tag), leaving out removed nodes.
 * `lengths` are the subtree text lengths (for telling layout tables from data tables).
 */
// eslint-disable-next-line max-lines-per-function -- one explicit-stack walk (no recursion on page structure) whose visitors share its writer state
export function renderBlocks(tree: FlatTree, root: number, removed: Removed, lengths: Float64Array): string[] {
  const live = (i: number) => !removed[i];
  const rootWriter = new BlockWriter();
  let writer = rootWriter;
  let formatDepth = 0;
  const tasks: Task[] = [];
  const scratch: number[] = [];
  const pushChildren = (i: number) => pushChildrenReversed(tree, i, tasks as number[], scratch);
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
  /** Frames are balanced, so the writer current when a block ends is the one it started in. */
  const asBlock = (i: number) => {
    writer.flush();
    tasks.push(~i);
    pushChildren(i);
  };

  const visit = (i: number) => {
    const text = tree.texts[i];
    if (text !== undefined) {
      writer.text(text);
      return;
    }
    const tag = tree.tags[i]!;
    if (tag === '' || removed[i]) return;
    const heading = /^h([1-6])$/.exec(tag);
    if (heading) {
      const text = inlineText(tree, i, removed);
      if (text) writer.block(`${'#'.repeat(Number(heading[1]))} ${text}`);
      return;
    }
    switch (tag) {
      case 'br':
        writer.lineBreak();
        return;
      case 'img':
        return;
      case 'pre': {
        const code = preText(tree, i, removed).replace(/^\n/, '').trimEnd();
        if (code.trim()) writer.block('```\n' + code + '\n```');
        return;
      }
      case 'table':
        return visitTable(i);
    }
    const deep = formatDepth >= MAX_FORMAT_DEPTH;
    // A list without items (text straight inside <ul>, as some pages write an aside) shows as a plain block.
    if (!deep && (tag === 'ul' || tag === 'ol') && hasItem(tree, i)) return visitList(i);
    if (!deep && tag === 'blockquote') {
      const target = writer;
      pushCollected(i, (blocks) => target.block(indent(blocks.join('\n\n'), '> ')));
      return;
    }
    if (BLOCK_TAGS.has(tag)) asBlock(i);
    else pushChildren(i);
  };

  const visitList = (i: number) => {
    const target = writer;
    const ordered = tree.tags[i] === 'ol';
    let number = Number(tree.attribs[i]!.start) || 1;
    const items: string[] = [];
    tasks.push(() => target.block(items.join('\n')));
    const children = childIndexes(tree, i).filter((c) => tree.tags[c] !== '' && live(c));
    for (let c = children.length - 1; c >= 0; c--) {
      pushCollected(children[c]!, (blocks) => {
        if (blocks.length === 0) return;
        const marker = ordered ? `${number++}. ` : '- ';
        items.push(marker + indent(blocks.join('\n'), ' '.repeat(marker.length)).slice(marker.length));
      });
    }
  };

  const visitTable = (i: number) => {
    const rows = tableRows(tree, i, live);
    let width = 0;
    for (const row of rows) if (row.length > width) width = row.length;
    const layout =
      /^(presentation|none)$/i.test(tree.attribs[i]!.role ?? '') ||
      width < 2 ||
      rows.some((row) => row.some((cell) => lengths[cell]! > MAX_DATA_CELL_CHARS || childIndexes(tree, cell).some((c) => tree.tags[c]! === 'table')));
    if (layout) return asBlock(i);

    const caption = childIndexes(tree, i).find((c) => tree.tags[c]! === 'caption' && live(c));
    if (caption !== undefined) writer.block(inlineText(tree, caption, removed));
    const lines: string[] = [];
    for (const row of rows) {
      const cells = row.map((cell) => inlineText(tree, cell, removed).replace(/\|/g, '\\|'));
      if (cells.every((cell) => cell === '')) continue;
      while (cells.length < width) cells.push('');
      lines.push(`| ${cells.join(' | ')} |`);
      if (lines.length === 1) lines.push(`|${' --- |'.repeat(width)}`);
    }
    writer.block(lines.join('\n'));
  };

  pushChildren(root);
  while (tasks.length > 0) {
    const task = tasks.pop()!;
    if (typeof task !== 'number') task();
    else if (task >= 0) visit(task);
    else writer.flush();
  }
  return rootWriter.finish();
}

/** Repeated short blocks (titles, captions, labels) are page furniture; a repeated paragraph is the author's. */
const MAX_REPEAT_CHARS = 200;

/** Short blocks repeated (same text, ignoring case and spacing) left out. */
export function withoutRepeats(blocks: string[]): string[] {
  const seen = new Set<string>();
  return blocks.filter((block) => {
    if (block.length > MAX_REPEAT_CHARS) return true;
    const key = collapse(block).toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
