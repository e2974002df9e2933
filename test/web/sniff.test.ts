import { binaryBytesReason, undecodableTextReason } from '../../src/web/sniff';

describe('byte sniffing', () => {
  it.each([
    ['PNG', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2], /PNG image/],
    ['gzip', [0x1f, 0x8b, 8, 0, 0, 0], /gzip/],
    ['ZIP', [0x50, 0x4b, 0x03, 0x04, 20, 0], /ZIP/],
    ['MP4', [0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x6d, 0x70], /MP4/],
    ['NUL bytes', [...Buffer.from('<html>'), 0, 0, 0x41], /NUL/],
  ])('names %s bytes as not text', (_what, body, reason) => {
    expect(binaryBytesReason(Uint8Array.from(body))).toMatch(reason);
  });

  it('leaves text alone: HTML, UTF-16 with its NULs, text starting with letters some formats use ("MZ", "RIFF")', () => {
    expect(binaryBytesReason(Buffer.from('<!doctype html><p>hello</p>'))).toBeUndefined();
    expect(binaryBytesReason(Buffer.from('\ufeff<p>hello</p>', 'utf16le'))).toBeUndefined();
    expect(binaryBytesReason(Buffer.from('MZ-series notes: RIFF headers explained'))).toBeUndefined();
  });

  it('calls decoded text with many replacement characters undecodable, and accepts a few', () => {
    expect(undecodableTextReason('\ufffd'.repeat(50) + 'a'.repeat(50))).toMatch(/does not decode/);
    expect(undecodableTextReason('caf\ufffd ' + 'ordinary words '.repeat(20))).toBeUndefined();
  });
});
