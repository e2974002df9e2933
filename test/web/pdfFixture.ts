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

  // The binary comment on line 2 marks the file as binary for transfer tools, as real PDFs do.
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });

  const xrefOffset = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  const info = infoId !== undefined ? ` /Info ${infoId} 0 R` : '';
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${info} >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
