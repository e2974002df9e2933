/**
 * A minimal PDF writer: Helvetica text on US-letter pages, no compression, with an xref table that holds
 * the exact byte offset of every object (readers that do not repair files need them).
 */
export interface PdfParagraph {
  text: string;
  /** Headings are set larger and bold. */
  heading?: boolean;
}

export interface PdfDocumentSpec {
  title: string;
  author?: string;
  paragraphs: PdfParagraph[];
}

const PAGE_WIDTH = 612;
const PAGE_HEIGHT = 792;
const MARGIN = 72;
const BODY_SIZE = 11;
const HEADING_SIZE = 14;
const LINE_GAP = 1.4;
/** Helvetica averages about half an em per character; this keeps lines inside the margins. */
const CHARS_PER_LINE = Math.floor((PAGE_WIDTH - 2 * MARGIN) / (BODY_SIZE * 0.5));

interface PdfLine {
  text: string;
  size: number;
  bold: boolean;
  /** Extra space before the line, in points. */
  spaceBefore: number;
}

/** PDF literal strings escape backslash and parentheses; text must be Latin-1. */
function pdfString(text: string): string {
  return `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function layoutLines(spec: PdfDocumentSpec): PdfLine[] {
  const lines: PdfLine[] = [];
  for (const paragraph of spec.paragraphs) {
    const size = paragraph.heading ? HEADING_SIZE : BODY_SIZE;
    const width = paragraph.heading ? Math.floor(CHARS_PER_LINE * (BODY_SIZE / HEADING_SIZE)) : CHARS_PER_LINE;
    wrapText(paragraph.text, width).forEach((text, i) => {
      lines.push({ text, size, bold: !!paragraph.heading, spaceBefore: i === 0 && lines.length > 0 ? size : 0 });
    });
  }
  return lines;
}

function paginate(lines: PdfLine[]): PdfLine[][] {
  const pages: PdfLine[][] = [];
  let page: PdfLine[] = [];
  let used = 0;
  const available = PAGE_HEIGHT - 2 * MARGIN;
  for (const line of lines) {
    const height = line.size * LINE_GAP + line.spaceBefore;
    if (used + height > available && page.length > 0) {
      pages.push(page);
      page = [];
      used = 0;
    }
    page.push(line);
    used += height;
  }
  if (page.length > 0) pages.push(page);
  return pages;
}

function contentStream(lines: PdfLine[]): string {
  const ops: string[] = ['BT'];
  let y = PAGE_HEIGHT - MARGIN;
  for (const line of lines) {
    y -= line.size * LINE_GAP + line.spaceBefore;
    ops.push(`/${line.bold ? 'F2' : 'F1'} ${line.size} Tf`);
    ops.push(`1 0 0 1 ${MARGIN} ${y.toFixed(1)} Tm`);
    ops.push(`${pdfString(line.text)} Tj`);
  }
  ops.push('ET');
  return ops.join('\n');
}

export function buildPdf(spec: PdfDocumentSpec): Buffer {
  const pages = paginate(layoutLines(spec));
  // Object numbers: 1 catalog, 2 pages, 3 regular font, 4 bold font, 5 info, then a page and its content per page.
  const firstPageObject = 6;
  const pageObjectNumbers = pages.map((_, i) => firstPageObject + i * 2);
  const objects: string[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pageObjectNumbers.map((n) => `${n} 0 R`).join(' ')}] /Count ${pages.length} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    `<< /Title ${pdfString(spec.title)}${spec.author ? ` /Author ${pdfString(spec.author)}` : ''} /Producer (offline-world pdf writer) >>`,
  ];
  pages.forEach((lines, i) => {
    const content = contentStream(lines);
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] /Contents ${pageObjectNumbers[i] + 1} 0 R ` +
        `/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> >>`,
    );
    objects.push(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
  });

  return serializePdf(objects, 5);
}

/**
 * Writes numbered objects (object n is objects[n-1]) as a PDF file whose xref table holds the exact
 * byte offset of each; `infoObject` names the document-info object, if any.
 */
export function serializePdf(objects: readonly string[], infoObject?: number): Buffer {
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
  const info = infoObject !== undefined ? ` /Info ${infoObject} 0 R` : '';
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${info} >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
