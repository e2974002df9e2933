/** The small markup corpus articles are written in, rendered to HTML and to plain text. */

export type Block =
  | { type: 'heading'; level: 2 | 3; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'list'; ordered: boolean; items: string[] }
  | { type: 'table'; head: string[]; rows: string[][] }
  | { type: 'quote'; text: string };

function tableCells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());
}

export function parseMarkup(markup: string): Block[] {
  return markup
    .trim()
    .split(/\n\s*\n/)
    .map((chunk) => chunk.trim())
    .filter(Boolean)
    .map((chunk): Block => {
      const lines = chunk.split('\n').map((l) => l.trim());
      if (chunk.startsWith('### ')) return { type: 'heading', level: 3, text: chunk.slice(4).trim() };
      if (chunk.startsWith('## ')) return { type: 'heading', level: 2, text: chunk.slice(3).trim() };
      if (lines.every((l) => l.startsWith('- '))) return { type: 'list', ordered: false, items: lines.map((l) => l.slice(2)) };
      if (lines.every((l) => /^\d+\. /.test(l))) {
        return { type: 'list', ordered: true, items: lines.map((l) => l.replace(/^\d+\. /, '')) };
      }
      if (lines.every((l) => l.startsWith('|'))) {
        const rows = lines.filter((l) => !/^\|[\s:|-]+\|$/.test(l)).map(tableCells);
        return { type: 'table', head: rows[0], rows: rows.slice(1) };
      }
      if (lines.every((l) => l.startsWith('>'))) return { type: 'quote', text: lines.map((l) => l.replace(/^>\s?/, '')).join(' ') };
      return { type: 'paragraph', text: lines.join(' ') };
    });
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function blocksToHtml(blocks: readonly Block[], indent = '      '): string {
  return blocks
    .map((block) => {
      switch (block.type) {
        case 'heading':
          return `${indent}<h${block.level}>${escapeHtml(block.text)}</h${block.level}>`;
        case 'paragraph':
          return `${indent}<p>${escapeHtml(block.text)}</p>`;
        case 'quote':
          return `${indent}<blockquote><p>${escapeHtml(block.text)}</p></blockquote>`;
        case 'list': {
          const tag = block.ordered ? 'ol' : 'ul';
          const items = block.items.map((item) => `${indent}  <li>${escapeHtml(item)}</li>`).join('\n');
          return `${indent}<${tag}>\n${items}\n${indent}</${tag}>`;
        }
        case 'table': {
          const head = block.head.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('');
          const rows = block.rows.map((r) => `${indent}    <tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
          return `${indent}<table>\n${indent}  <thead><tr>${head}</tr></thead>\n${indent}  <tbody>\n${rows}\n${indent}  </tbody>\n${indent}</table>`;
        }
      }
    })
    .join('\n');
}

/** The text a careful extractor would get: one block per line, table rows with cells joined by " | ". */
export function blocksToText(blocks: readonly Block[]): string {
  return blocks
    .map((block) => {
      switch (block.type) {
        case 'heading':
        case 'paragraph':
        case 'quote':
          return block.text;
        case 'list':
          return block.items.join('\n');
        case 'table':
          return [block.head, ...block.rows].map((r) => r.join(' | ')).join('\n');
      }
    })
    .join('\n\n');
}
