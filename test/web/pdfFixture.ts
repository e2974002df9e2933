import { serializePdf } from '../../offline/corpus/pdf';

/**
 * Builds small, valid PDFs for tests: Helvetica text, one line per entry, one or more pages,
 * no compression. The xref table holds the exact byte offset of every object, as strict readers need.
 */
export interface PdfFixture {
  title?: string;
  /** Each page is a list of lines. Latin-1 text only. */
  pages: string[][];
}

/** A PDF literal string: backslash and parentheses escaped. */
function pdfString(text: string): string {
  if (/[^\x20-\xff]/.test(text)) throw new Error(`pdfFixture supports Latin-1 text only: ${text}`);
  return `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

function pageContent(lines: string[]): string {
  const shown = lines.map((line, i) => `${i === 0 ? '' : 'T* '}${pdfString(line)} Tj`);
  return ['BT', '/F1 12 Tf', '14 TL', '72 720 Td', ...shown, 'ET'].join('\n');
}

export function buildPdf({ title, pages }: PdfFixture): Buffer {
  // Object numbers: 1 catalog, 2 page tree, 3 font, then a page and its content stream per page, then info.
  const pageIds = pages.map((_, i) => 4 + i * 2);
  const objects: string[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  for (const [i, lines] of pages.entries()) {
    const contentId = pageIds[i]! + 1;
    const content = pageContent(lines);
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ${contentId} 0 R /Resources << /Font << /F1 3 0 R >> >> >>`,
      `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    );
  }
  const infoId = title !== undefined ? objects.push(`<< /Title ${pdfString(title)} /Producer (pdfFixture) >>`) : undefined;

  return serializePdf(objects, infoId);
}
