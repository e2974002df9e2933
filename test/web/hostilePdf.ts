/**
 * A PDF whose text and title carry terminal escapes and controls, as a hostile site could serve: a ToUnicode
 * map gives three byte codes ESC, the 8-bit CSI and DEL (pdf.js passes these through; it drops bidi controls
 * and zero-width spaces from page text itself), and the title is UTF-16, which may carry anything.
 */
import { serializePdf } from '../../offline/corpus/pdf';

const TO_UNICODE = [
  '/CIDInit /ProcSet findresource begin',
  '12 dict begin',
  'begincmap',
  '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
  '/CMapName /Adobe-Identity-UCS def',
  '/CMapType 2 def',
  '1 begincodespacerange',
  '<00> <FF>',
  'endcodespacerange',
  '3 beginbfchar',
  '<A1> <001B>',
  '<A2> <009B>',
  '<A3> <007F>',
  'endbfchar',
  '1 beginbfrange',
  '<20> <7E> <0020>',
  'endbfrange',
  'endcmap',
  'CMapName currentdict /CMap defineresource pop',
  'end',
  'end',
].join('\n');

/** Byte codes of the hostile characters in the PDF's text (codes with a glyph: pdf.js reads the others as spaces). */
export const PDF_ESC = '\xa1';
export const PDF_CSI = '\xa2';
export const PDF_DEL = '\xa3';

function utf16Hex(text: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return `<${hex}>`;
}

/** `lines` use the byte codes above for the hostile characters (printable ASCII otherwise); `title` any text. */
export function hostilePdf(title: string, lines: string[]): Buffer {
  const shown = lines.map((line, i) => `${i === 0 ? '' : 'T* '}(${line.replace(/[\\()]/g, (c) => `\\${c}`)}) Tj`);
  const content = ['BT', '/F1 12 Tf', '14 TL', '72 720 Td', ...shown, 'ET'].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [4 0 R] /Count 1 >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /ToUnicode 6 0 R >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R /Resources << /Font << /F1 3 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    `<< /Length ${TO_UNICODE.length} >>\nstream\n${TO_UNICODE}\nendstream`,
    `<< /Title ${utf16Hex(title)} /Producer (hostilePdf) >>`,
  ];
  return serializePdf(objects, 7);
}
