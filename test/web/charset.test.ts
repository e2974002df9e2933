import { decodeText, sniffMetaCharset } from '../../src/web/charset';

/** "Café: 5 €" in windows-1252: é is 0xE9, € is 0x80. */
const CAFE_1252 = Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x3a, 0x20, 0x35, 0x20, 0x80]);

describe('decodeText', () => {
  it('decodes a windows-1252 body named by the Content-Type charset', () => {
    const html = Buffer.concat([Buffer.from('<html><body><p>'), CAFE_1252, Buffer.from('</p></body></html>')]);
    expect(decodeText(html, { charset: 'windows-1252', sniffHtmlMeta: true })).toContain('Café: 5 €');
  });

  it('treats iso-8859-1 as windows-1252, as browsers do', () => {
    expect(decodeText(CAFE_1252, { charset: 'ISO-8859-1' })).toBe('Café: 5 €');
  });

  it('finds <meta charset> in the first bytes when the header has none', () => {
    const html = Buffer.concat([Buffer.from('<!doctype html><html><head><meta charset="windows-1252"><title>t</title></head><body>'), CAFE_1252]);
    expect(decodeText(html, { sniffHtmlMeta: true })).toContain('Café: 5 €');
  });

  it('finds <meta http-equiv="Content-Type"> and decodes Shift_JIS', () => {
    // 日本語 in Shift_JIS.
    const nihongo = Buffer.from([0x93, 0xfa, 0x96, 0x7b, 0x8c, 0xea]);
    const html = Buffer.concat([
      Buffer.from('<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"></head><body>'),
      nihongo,
      Buffer.from('</body></html>'),
    ]);
    expect(decodeText(html, { sniffHtmlMeta: true })).toContain('日本語');
  });

  it('lets the Content-Type charset win over <meta>', () => {
    const html = Buffer.from('<meta charset="windows-1252"><p>Café €</p>', 'utf8');
    expect(decodeText(html, { charset: 'utf-8', sniffHtmlMeta: true })).toContain('Café €');
  });

  it('lets a byte-order mark win over everything', () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<p>Café €</p>', 'utf8')]);
    expect(decodeText(body, { charset: 'windows-1252', sniffHtmlMeta: true })).toBe('<p>Café €</p>');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Grüße', 'utf16le')]);
    expect(decodeText(utf16)).toBe('Grüße');
  });

  it('falls back to UTF-8 for missing and unknown labels', () => {
    const body = Buffer.from('Grüße aus Köln', 'utf8');
    expect(decodeText(body)).toBe('Grüße aus Köln');
    expect(decodeText(body, { charset: 'x-no-such-charset' })).toBe('Grüße aus Köln');
    expect(decodeText(Buffer.from('<meta charset="klingon">Köln', 'utf8'), { sniffHtmlMeta: true })).toContain('Köln');
  });

  it('ignores <meta> declarations when not asked to sniff (plain text bodies)', () => {
    expect(decodeText(Buffer.from('<meta charset="windows-1252"> Köln', 'utf8'))).toContain('Köln');
  });

  it('only sniffs the first 2 KB', () => {
    const late = Buffer.from(`${' '.repeat(3000)}<meta charset="windows-1252">`);
    expect(sniffMetaCharset(late)).toBeUndefined();
    expect(sniffMetaCharset(Buffer.from("<meta charset='koi8-r'>"))).toBe('koi8-r');
  });
});
